// Wire-level facts of the Inngest SDK <-> server protocol, as Inngest's SDK specification states them
// (github.com/inngest/inngest, docs/SDK_SPEC.md; section numbers below refer to it) and as the official
// `inngest` SDK (inngest-js) implements them.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

import canonicalize from "canonicalize";

/** An event as the server stores and forwards it (SDK_SPEC 1.3.4); `ts` is milliseconds since the epoch. */
export type InngestEvent = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts: number;
  v?: string;
};

export type EventTrigger = { event: string; expression?: string };
export type CronTrigger = { cron: string };

/** One function of a sync payload (SDK_SPEC 4.3.2), reduced to the options this executor reads. */
export type FunctionConfig = {
  id: string;
  name?: string;
  triggers: Array<EventTrigger | CronTrigger>;
  steps: Record<
    string,
    { id: string; name: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }
  >;
  idempotency?: string;
  cancel?: Array<{ event: string; if?: string; timeout?: string }>;
  concurrency?:
    number | { limit: number; key?: string; scope?: string } | Array<{ limit: number; key?: string; scope?: string }>;
  throttle?: { key?: string; limit: number; period: string; burst?: number };
  batchEvents?: unknown;
  rateLimit?: unknown;
  debounce?: unknown;
  priority?: unknown;
  singleton?: unknown;
  timeouts?: unknown;
};

export type SyncPayload = {
  url: string;
  deployType?: string;
  appName: string;
  sdk?: string;
  v?: string;
  framework?: string;
  functions: FunctionConfig[];
};

/** An operation reported in a 206 response (SDK_SPEC 5.1.1, 5.3). */
export type Op = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  data?: unknown;
  error?: SerializedError;
};

export type SerializedError = { name: string; message: string; stack?: string };

/** A memoised step result as sent back in a call request's `steps` (SDK_SPEC 5.2.1). */
export type Memo = { data: unknown } | { error: SerializedError };

/** Retries when a function declares none: Inngest's documented default of 4 retries (5 attempts). */
export const DEFAULT_RETRIES = 4;
/** Event ids are remembered this long for de-duplication (Inngest: "deduplicated for 24 hours"). */
export const EVENT_DEDUP_MS = 24 * 60 * 60 * 1000;
/** Inngest's internal event names (inngest-js `internalEvents`). */
export const InternalEvents = {
  FunctionFailed: "inngest/function.failed",
  FunctionFinished: "inngest/function.finished",
  ScheduledTimer: "inngest/scheduled.timer",
} as const;

/** `signkey-<env>-<hex>` minus the prefix: the HMAC key, used as UTF-8 text as inngest-js does. */
export function signingKeySecret(signingKey: string): string {
  return signingKey.replace(/^signkey-\w+-/, "");
}

/**
 * The bearer token an SDK sends to the server (SDK_SPEC 4.1.4): the prefix kept, the rest replaced by the hex
 * SHA-256 of the key's hex bytes.
 */
export function hashedSigningKey(signingKey: string): string {
  const prefix = /^signkey-\w+-/.exec(signingKey)?.[0] ?? "";
  return `${prefix}${createHash("sha256").update(signingKeySecret(signingKey), "hex").digest("hex")}`;
}

/** The body the server sends, serialised by JSON Canonicalization (RFC 8785) so the SDK re-derives the same bytes. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("value cannot be serialised as JSON");
  return text;
}

/** `X-Inngest-Signature` for a body (SDK_SPEC 4.1.1): `t=<unix seconds>&s=<hex HMAC-SHA256(key, body + t)>`. */
export function signBody(body: string, signingKey: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000).toString();
  const s = createHmac("sha256", signingKeySecret(signingKey))
    .update(body + t)
    .digest("hex");
  return `t=${t}&s=${s}`;
}

/** Constant-time string comparison (false for different lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a Time String (SDK_SPEC 1.3.2: "300ms", "2h45m", "1.5h"; units ns us µs ms s m h d w) into milliseconds.
 * Returns null for anything else.
 */
export function parseTimeString(value: string): number | null {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/y;
  let total = 0;
  let matched = 0;
  while (re.lastIndex < value.length) {
    const m = re.exec(value);
    if (!m) return null;
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
    matched++;
  }
  return matched > 0 ? total : null;
}

/**
 * When a sleep or timeout given as a Time String or an RFC 3339 date (SDK_SPEC 5.3.2) ends, in ms since the epoch;
 * null when the value is neither.
 */
export function resolveWakeTime(value: unknown, nowMs: number): number | null {
  if (typeof value !== "string" || value === "") return null;
  const relative = parseTimeString(value);
  if (relative !== null) return nowMs + relative;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

/** Why an event in a send is refused (Inngest answers 400 for these), or null when it is acceptable. */
export function eventProblem(value: unknown, index: number): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `event ${index} is not an object`;
  const e = value as Record<string, unknown>;
  if (typeof e.name !== "string" || e.name.trim() === "") return `event ${index} has no name`;
  if (e.data !== undefined && e.data !== null && (typeof e.data !== "object" || Array.isArray(e.data))) {
    return `event ${index} ("${e.name}"): data must be an object`;
  }
  if (e.user !== undefined && e.user !== null && (typeof e.user !== "object" || Array.isArray(e.user))) {
    return `event ${index} ("${e.name}"): user must be an object`;
  }
  if (e.id !== undefined && e.id !== null && (typeof e.id !== "string" || e.id.length > 255)) {
    return `event ${index} ("${e.name}"): id must be a string of at most 255 characters`;
  }
  if (e.ts !== undefined && e.ts !== null && (typeof e.ts !== "number" || !Number.isFinite(e.ts))) {
    return `event ${index} ("${e.name}"): ts must be milliseconds since the epoch`;
  }
  return null;
}

/** Whether a trigger's event name matches, with Inngest's trailing wildcard (`app/*`). */
export function eventNameMatches(pattern: string, name: string): boolean {
  if (pattern.endsWith("/*")) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** Normalises a thrown or reported error into the SDK's `{ name, message, stack? }`. */
export function toSerializedError(value: unknown, fallback: string): SerializedError {
  if (typeof value === "object" && value !== null) {
    const v = value as Record<string, unknown>;
    const message =
      typeof v.message === "string" ? v.message : typeof v.error === "string" ? v.error : JSON.stringify(value);
    return {
      name: typeof v.name === "string" ? v.name : "Error",
      message,
      ...(typeof v.stack === "string" ? { stack: v.stack } : {}),
    };
  }
  return { name: "Error", message: typeof value === "string" && value ? value : fallback };
}
