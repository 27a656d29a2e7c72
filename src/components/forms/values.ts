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
