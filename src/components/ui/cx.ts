/** Joins class names, skipping falsy parts. No conflict resolution: a caller's class is appended, not merged. */
export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}
