// Log lines leave the process (a terminal, a log service): secrets and personal data must not. Redaction works by
// field name at any depth (a password nested in a tRPC input is still a password) and by pattern inside strings
// (an email address or a bearer token quoted in an error message).

/** What a redacted value is replaced with. */
export const REDACTED = "[Redacted]";

// Field names are compared lower-cased with "-" and "_" removed, so `Set-Cookie`, `api_key` and `apiKey` all match.
const SECRET_NAME_PARTS = [
  "password",
  "passwd",
  "secret",
  "token",
  "cookie",
  "authorization",
  "apikey",
  "signature",
  "privatekey",
  "credential",
  "email",
  "phone",
  "deliverycode",
];
// Short names only match whole, so `footprint` keeps its value while `otp` loses it.
const SECRET_NAMES = new Set(["otp", "pin", "dsn", "auth", "sid", "code_verifier", "p256dh"]);

/** Whether a field of this name holds a secret or personal data (matched case- and separator-insensitively). */
export function isSecretField(name: string): boolean {
  const key = name.toLowerCase().replace(/[-_]/g, "");
  return (
    SECRET_NAMES.has(name.toLowerCase()) || SECRET_NAMES.has(key) || SECRET_NAME_PARTS.some((p) => key.includes(p))
  );
}

// An address: a local part not inside a path (no "/" just before it), "@", then a domain of dot-separated labels
// (letters, digits, hyphens: no underscore) ending in an alphabetic TLD, not followed by a path, "_" or ":<line>".
// So a bundler chunk in a stack trace ("chunks/node_modules_@sentry_core_….js:747:30") or a versioned package
// ("@sentry+core@10.1.0/") stays readable.
const EMAIL = /(?<![\w.+/-])[\w.+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?![\w/-]|\.[\w-]|:\d)/gi;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
const QUERY_SECRET = /\b(token|key|secret|signature|password|code)=[^&\s"']+/gi;

/** `text` with email addresses, bearer/basic credentials and secret query parameters masked. */
export function redactText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(BEARER, `$1 ${REDACTED}`).replace(QUERY_SECRET, `$1=${REDACTED}`);
}

const MAX_DEPTH = 8;

/**
 * A copy of `value` safe to log: fields named like secrets or personal data (see `isSecretField`) replaced with
 * "[Redacted]", strings passed through `redactText`, errors turned into `{ type, message, stack, code? }` with the
 * same treatment. Cycles and nesting deeper than 8 levels become "[Circular]" / "[Truncated]". Never mutates.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    if (value instanceof Headers) return redact(Object.fromEntries(value.entries()), depth, seen);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      out[key] = isSecretField(key) && field != null ? REDACTED : redact(field, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: error.name,
    message: redactText(error.message),
    stack: error.stack ? redactText(error.stack) : undefined,
  };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1, seen);
  return out;
}
