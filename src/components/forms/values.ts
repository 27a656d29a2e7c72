import { zodResolver } from "@hookform/resolvers/zod";
import type { DeepPartial, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

// Converters for react-hook-form's `setValueAs`: the form's values take the types the Zod schemas expect (numbers
// and dates), so a strict schema and a coercing one both validate them, and an empty input is "missing", not 0.

/** "" → undefined, "12.5" → 12.5, "abc" → NaN (the schema reports it); non-strings (default values) pass through. */
export function toNumber(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  return text === "" ? undefined : Number(text);
}

/** For `register(name, numberInput)` on number inputs. */
export const numberInput = { setValueAs: toNumber } as const;

/**
 * zodResolver for a form that starts empty: its values are the schema's input with any part still missing, which is
 * exactly what the schema is there to report. (zodResolver types the values as the complete input, so a strict
 * `z.number()` field could not start empty; the cast only widens the values' type, never the output's.)
 */
export function draftResolver<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
): Resolver<DeepPartial<z.input<S>>, unknown, z.output<S>> {
  return zodResolver(schema) as unknown as Resolver<DeepPartial<z.input<S>>, unknown, z.output<S>>;
}
