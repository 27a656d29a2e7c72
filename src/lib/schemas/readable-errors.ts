// Readable messages for the checks a schema leaves without its own message (Zod's defaults read "Too small: expected
// number to be >=1" or "Invalid input: expected object, received undefined"). Installed once, globally, by importing
// this module (primitives.ts does, so every input schema has it, in the browser and on the server). A schema's own
// `error` always wins; this only fills the gaps. Each message names the field from its path ("Limit must be at least
// 1.", "After is missing."), so a request built by hand gets a field error a person can act on.
import { z } from "zod";

type TIssue = Parameters<NonNullable<z.core.$ZodConfig["customError"]>>[0];

/** "pageSize" → "Page size", "after.at" → "After at", [] → "This value". */
export function fieldLabel(path: readonly PropertyKey[] | undefined): string {
  const names = (path ?? []).filter((p): p is string => typeof p === "string");
  // A short last key ("at", "id", "lat") reads better with its parent's name before it.
  const picked = names.length > 1 && names.at(-1)!.length <= 3 ? names.slice(-2) : names.slice(-1);
  const words = picked
    .join(" ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "This value";
}

const nounOf: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "yes or no",
  date: "a date",
  object: "a group of values",
  array: "a list",
  bigint: "a whole number",
};

const formatOf: Record<string, string> = {
  datetime: "a date and time (ISO 8601, with its offset)",
  date: "a date (YYYY-MM-DD)",
  email: "an email address",
  url: "a web address",
  uuid: "an id",
  cuid: "an id",
  regex: "the expected format",
};

function limitText(iss: { origin?: string; inclusive?: boolean }, bound: unknown, at: "least" | "most"): string {
  const n = typeof bound === "bigint" ? bound.toString() : Number(bound).toLocaleString("en-US");
  if (iss.origin === "string") return `must have at ${at} ${n} character${n === "1" ? "" : "s"}`;
  if (iss.origin === "array" || iss.origin === "set") return `must have at ${at} ${n} item${n === "1" ? "" : "s"}`;
  if (iss.origin === "date") return `must be ${at === "least" ? "on or after" : "on or before"} ${n}`;
  if (iss.inclusive === false) return `must be ${at === "least" ? "more" : "less"} than ${n}`;
  return `must be at ${at} ${n}`;
}

/** The readable message for a default Zod issue, or undefined to keep Zod's (custom checks have their own). */
export function readableIssueMessage(iss: TIssue): string | undefined {
  const label = fieldLabel(iss.path);
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined || iss.input === null) return `${label} is missing.`;
      return `${label} must be ${nounOf[iss.expected] ?? "a valid value"}.`;
    case "too_small":
      return `${label} ${limitText(iss, iss.minimum, "least")}.`;
    case "too_big":
      return `${label} ${limitText(iss, iss.maximum, "most")}.`;
    case "invalid_format":
      return `${label} must be ${formatOf[iss.format] ?? "in the expected format"}.`;
    case "invalid_value": {
      const options = iss.values.map(String);
      return options.length > 0 && options.length <= 8
        ? `${label} must be one of: ${options.join(", ")}.`
        : `${label} is not one of the allowed values.`;
    }
    case "not_multiple_of":
      return `${label} must be a multiple of ${String(iss.divisor)}.`;
    case "unrecognized_keys":
      return `Unknown field${iss.keys.length === 1 ? "" : "s"}: ${iss.keys.join(", ")}.`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return `${label} is not valid. Check the value you entered.`;
    default:
      return undefined;
  }
}

z.config({ customError: readableIssueMessage });
