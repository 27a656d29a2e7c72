// The building blocks every input schema is made of, so that what a procedure accepts is also what PostgreSQL can
// store and what the app can show safely: text without control characters or broken UTF-16, numbers that are
// JSON numbers (never coerced from "", null, true or [5]), dates in a sensible range, phone numbers that are
// phone numbers, and identifiers in the alphabet the app issues them in.
import { z } from "zod";

// Readable default messages for every schema built from these (installs a global Zod error map).
import "./readable-errors";

// ─── Text ────────────────────────────────────────────────────────────────────

/**
 * C0 and C1 control characters and DEL. PostgreSQL cannot store NUL in text at all; the others have no place in
 * names or addresses and can corrupt logs, CSV exports and emails.
 */
const CONTROL = /\p{Cc}/u;
/** The same, but allowing tab, line feed and carriage return, for multi-line text (descriptions, reasons). */
const CONTROL_EXCEPT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;
/** In a `u` regex a surrogate only matches when it is unpaired: text that is not valid UTF-16 (nor UTF-8). */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). They can make text display in
 * an order other than the one stored ("Trojan Source", CVE-2021-42574), e.g. a name that reads as something else.
 * Removed rather than refused: they are invisible, so a person who pasted one could not find it to delete it,
 * and right-to-left text displays correctly without them (the Unicode bidirectional algorithm orders it).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;
/**
 * Zero-width and other invisible format characters at either end of the text (zero-width space, non-joiner and
 * joiner, word joiner, invisible operators, byte-order mark, soft hyphen, Mongolian vowel separator) plus
 * whitespace. At the edges they join or separate nothing, so they only make text look shorter than it counts.
 * Inside the text they are kept: a ZWJ builds emoji sequences (👩‍💻) and a ZWNJ spells Persian words correctly.
 */
const INVISIBLE_EDGES =
  /^[\s\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]+|[\s\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]+$/gu;
/** Every format character (Unicode category Cf: zero-width, bidi marks, tags…) and whitespace. */
const INVISIBLE = /[\p{Cf}\s]/gu;

export const textMessages = {
  control: "Remove the control character (such as a tab or an invisible NUL) from this text.",
  surrogate: "This text has a broken character that cannot be stored. Retype it and try again.",
} as const;

/** Removes the bidirectional override and isolate characters (see BIDI_CONTROLS). */
export function neutraliseBidi(value: string): string {
  return value.replace(BIDI_CONTROLS, "");
}

/**
 * The text as stored: bidi controls removed (neutraliseBidi), invisible characters and whitespace trimmed from both
 * ends (INVISIBLE_EDGES), and "" when nothing visible is left, i.e. the text is only format characters (category
 * Cf) and whitespace, such as "\u200B\u200B". So a required field's `min` sees invisible-only text as empty, and
 * an optional one stores NULL, instead of a name nobody can read.
 */
export function normaliseText(value: string): string {
  const text = neutraliseBidi(value).replace(INVISIBLE_EDGES, "");
  return text.replace(INVISIBLE, "") === "" ? "" : text;
}

type TTextOptions = {
  /** Longest allowed, in UTF-16 code units after trimming (what `String.length` and PostgreSQL's varchar count). */
  max: number;
  /** Shortest allowed after trimming; 0 (the default) allows the empty string. */
  min?: number;
  /** Message when shorter than `min` (also used when the value is missing or not a string). */
  required?: string;
  /** Message when longer than `max`. */
  tooLong?: string;
  /** Allows tab and line breaks (descriptions, reasons); single-line text refuses them. */
  multiline?: boolean;
};

/**
 * Free text a person typed: control characters and unpaired surrogates refused with a field message, then
 * normalised (normaliseText: bidi controls removed, trimmed of whitespace and invisible characters, empty when
 * nothing visible is left), then `min`/`max` checked. Use for every user-supplied string that is not a
 * password, an email address, an identifier or a token (those have their own schemas).
 */
export function ZText(opts: TTextOptions) {
  const required = opts.required ?? "Enter some text.";
  const tooLong = opts.tooLong ?? `Use at most ${opts.max} characters.`;
  const control = opts.multiline ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL;
  return z
    .string({ error: required })
    .refine((v) => !LONE_SURROGATE.test(v), { error: textMessages.surrogate, abort: true })
    .refine((v) => !control.test(v), { error: textMessages.control, abort: true })
    .overwrite(normaliseText)
    .min(opts.min ?? 0, { error: required })
    .max(opts.max, { error: tooLong });
}

/** Optional free text: missing, empty or blank becomes `undefined` (stored as NULL). */
export function ZOptionalText(opts: Omit<TTextOptions, "min" | "required">) {
  return ZText(opts)
    .optional()
    .transform((v) => (v ? v : undefined));
}

// ─── Identifiers and tokens ──────────────────────────────────────────────────

/**
 * Row ids (cuid, `s` + hex for shipments) and keyset cursors (base64url) use only these characters; refusing
 * anything else keeps NUL and other unstorable text out of `WHERE id = …` lookups.
 */
const ID_ALPHABET = /^[A-Za-z0-9_-]+$/;

/** A row id as the app issues them: 1–64 characters of A–Z, a–z, 0–9, `_` and `-`. */
export const ZIdSchema = z
  .string({ error: "Missing id." })
  .min(1, { error: "Missing id." })
  .max(64, { error: "Unknown id." })
  .regex(ID_ALPHABET, { error: "Unknown id." });

/** A random URL-safe token (base64url) of `min`–`max` characters, as sent in email and tracking links. */
export function ZUrlTokenSchema(opts: { min: number; max: number }) {
  const message = "This link is not valid. Check that you copied all of it.";
  return z
    .string({ error: message })
    .min(opts.min, { error: message })
    .max(opts.max, { error: message })
    .regex(ID_ALPHABET, { error: message });
}

/** An opaque page cursor (base64url) as returned by a list; the service decodes and checks its contents. */
export const ZCursorSchema = z
  .string({ error: "Invalid page cursor." })
  .max(200, { error: "Invalid page cursor." })
  .regex(ID_ALPHABET, { error: "Invalid page cursor." });

/** Refusal for a two-way keyset list asked for the page after one cursor and before another at once. */
export const BOTH_CURSORS_MESSAGE = "Send either after or before, not both: a page is read in one direction.";

/**
 * For `.refine()` on a two-way keyset list's input (`after` / `before` cursors, see twoWayKeysetPage): true unless
 * both are given. Refine with `{ error: BOTH_CURSORS_MESSAGE, path: ["before"] }` so the refusal is a field error
 * rather than one of the cursors being silently ignored.
 */
export function atMostOneCursor(input: { after?: string | null; before?: string | null }): boolean {
  return !(input.after && input.before);
}

// ─── Numbers ─────────────────────────────────────────────────────────────────

/** The largest value of a PostgreSQL `integer` column. */
export const PG_INT_MAX = 2_147_483_647;

// Every number below is a JSON number, strictly: z.number() refuses strings, booleans, null and arrays (no
// coercion: latitude "" once priced a load at $5,744.96) and, in Zod 4, NaN and ±Infinity too.

/** A whole number that fits a PostgreSQL `integer` column; narrow it further with `.min()`/`.max()`. */
export function ZInt(message: string, notWhole = "Use a whole number.") {
  return z
    .number({ error: message })
    .int({ error: notWhole })
    .min(-PG_INT_MAX, { error: notWhole })
    .max(PG_INT_MAX, { error: notWhole });
}

/**
 * Degrees as given, except that a value within 1e-9° of zero (about 0.1 mm on the ground) is 0: a subnormal such as
 * 5e-324, which JSON carries and Zod accepts, underflows PostgreSQL's float arithmetic (SQLSTATE 22003) and answered a
 * 500 (found by the fuzz test). Every other value is kept exactly (stored fixes must equal what the phone sent).
 */
function withoutSubnormal(degrees: number): number {
  return Math.abs(degrees) < 1e-9 ? 0 : degrees;
}

export const ZLatitudeSchema = z
  .number({ error: "Enter a latitude." })
  .min(-90, { error: "Latitude is between -90 and 90." })
  .max(90, { error: "Latitude is between -90 and 90." })
  .transform(withoutSubnormal);

export const ZLongitudeSchema = z
  .number({ error: "Enter a longitude." })
  .min(-180, { error: "Longitude is between -180 and 180." })
  .max(180, { error: "Longitude is between -180 and 180." })
  .transform(withoutSubnormal);

// ─── Dates ───────────────────────────────────────────────────────────────────

/**
 * The instants the app accepts: years 2000–2100 (UTC). PostgreSQL's timestamptz would hold far more (to
 * 294276 AD) and JavaScript less (±275760), but no load is picked up in 1970 or in the year 10000: those are
 * typing mistakes or probes, and refusing them keeps date arithmetic, formatting and sorting well inside range.
 */
export const DATE_RANGE = {
  min: new Date(Date.UTC(2000, 0, 1)),
  max: new Date(Date.UTC(2101, 0, 1) - 1),
} as const;

const ISO_8601 = z.iso.datetime({ offset: true });

/**
 * An instant: a Date (superjson sends Dates as Dates) or, for plain-JSON clients, an ISO 8601 date-time string
 * with `Z` or an offset (`2026-03-10T08:00:00Z`, `2026-03-10T08:00:00-06:00`). Anything else (numbers, "",
 * "yesterday", an invalid Date) is refused with `message`; a valid instant outside 2000–2100 gets a range message.
 */
export function ZDate(message = "Enter a date and time.") {
  const outOfRange = "Enter a date between 2000 and 2100.";
  return z
    .union([z.date(), ISO_8601.transform((s) => new Date(s))], { error: message })
    .pipe(
      z.date({ error: message }).min(DATE_RANGE.min, { error: outOfRange }).max(DATE_RANGE.max, { error: outOfRange }),
    );
}

// ─── Phone ───────────────────────────────────────────────────────────────────

const PHONE_MESSAGE = "Enter a phone number like +1 312 555 0100.";

/** An optional leading `+`, then digits, spaces, brackets and hyphens, with 7–15 digits (E.164 allows 15). */
function isPhoneNumber(value: string): boolean {
  if (!/^\+?[0-9 ()-]{7,24}$/.test(value)) return false;
  const digits = value.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/** A phone number as people write it (see isPhoneNumber), stored as typed but trimmed; free text is refused. */
export const ZPhoneSchema = z.string({ error: PHONE_MESSAGE }).trim().refine(isPhoneNumber, { error: PHONE_MESSAGE });

/** An optional phone number: missing or blank becomes `undefined` (stored as NULL); anything else must be one. */
export const ZOptionalPhoneSchema = z
  .string({ error: PHONE_MESSAGE })
  .trim()
  .refine((v) => v === "" || isPhoneNumber(v), { error: PHONE_MESSAGE })
  .optional()
  .transform((v) => (v ? v : undefined));
