/**
 * A post-sign-in destination from the query string, only if it stays on this site: a path starting with one "/".
 * "//evil.test" and "/\evil.test" are protocol-relative in browsers, so they are refused.
 */
export function safeCallbackUrl(value: string | undefined): string | null {
  if (!value || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  // Backslashes and control characters can turn a path into another origin in some URL parsers.
  if (value.includes("\\") || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  // Going back to an auth page after signing in would loop.
  if (/^\/(sign-in|register)(\/|\?|$)/.test(value)) return null;
  return value;
}
