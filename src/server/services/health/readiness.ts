// The operators' readiness view behind GET /api/health?view=ready: is the database answering, can this process
// reach each outside service it is configured to use, and is the outbox keeping up. Only names, booleans and
// timings: no URL (one may embed credentials), no key.
import { env } from "~/env";
import { checkDatabase, db } from "~/server/db";
import { googleConfigFromEnv } from "~/server/integrations/google/config";
import { openMeteoConfigFromEnv } from "~/server/integrations/open-meteo/forecast";
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { uploadThingConfigFromEnv } from "~/server/integrations/uploadthing/config";
import { realtimeServerConfig } from "~/server/realtime/config";

/**
 * An outside service the app is configured to call, and the base URL a reachability probe requests. `optional`:
 * the app works without it (its feature says so and falls back), so it does not make the app "degraded".
 */
export type TServiceTarget = { name: string; url: string; optional?: boolean };

export type TServiceReadiness = {
  name: string;
  reachable: boolean;
  /** Round trip of the probe in milliseconds (to the answer, or to the failure). */
  latencyMs: number;
  /** Why it is unreachable, in a few words ("timed out", "connection refused"); null when reachable. */
  problem: string | null;
  /** Whether the app works without it (see TServiceTarget.optional). */
  optional: boolean;
  /** For an unreachable optional service, what the user sees meanwhile; null otherwise. */
  note: string | null;
};

export type TReadiness = {
  /**
   * "ok": the database and every required service answer (an optional one may not: see its `note`); "degraded":
   * the database does but a required outside service does not; "down": no database.
   */
  status: "ok" | "degraded" | "down";
  db: { ok: boolean; kind: "postgres" | "pglite"; latencyMs: number };
  services: TServiceReadiness[];
  outbox: {
    /** Events committed but not yet handed to Inngest. */
    unsent: number;
    /** Age in whole seconds of the oldest of them; null when none is waiting. */
    oldestUnsentAgeSec: number | null;
  };
  /** When this view was taken (ISO 8601, UTC). */
  checkedAt: string;
};

/**
 * The outside services this process is configured to call, from the environment: email (Resend), realtime
 * (Pusher), payments (Stripe), uploads (UploadThing), SMS (Twilio), jobs (Inngest), maps (Google Maps Platform)
 * and weather (Open-Meteo, always on). A service with no key is not listed: its feature is off, not down.
 */
export function configuredServices(): TServiceTarget[] {
  const targets: TServiceTarget[] = [];
  if (env.RESEND_API_KEY) targets.push({ name: "email", url: env.RESEND_BASE_URL ?? "https://api.resend.com" });
  const pusher = realtimeServerConfig();
  if (pusher) {
    const url =
      pusher.host !== undefined
        ? `${pusher.useTLS ? "https" : "http"}://${pusher.host}${pusher.port ? `:${pusher.port}` : ""}`
        : `https://api-${pusher.cluster}.pusher.com`;
    targets.push({ name: "realtime", url });
  }
  const stripe = stripeConfigFromEnv();
  if (stripe) {
    const url = stripe.host
      ? `${stripe.protocol ?? "https"}://${stripe.host}${stripe.port ? `:${stripe.port}` : ""}`
      : "https://api.stripe.com";
    targets.push({ name: "payments", url });
  }
  const uploads = uploadThingConfigFromEnv();
  if (uploads) targets.push({ name: "uploads", url: uploads.apiUrl ?? "https://api.uploadthing.com" });
  if (env.TWILIO_ACCOUNT_SID) targets.push({ name: "sms", url: env.TWILIO_BASE_URL ?? "https://api.twilio.com" });
  if (env.INNGEST_BASE_URL || env.INNGEST_EVENT_KEY) {
    targets.push({ name: "jobs", url: env.INNGEST_BASE_URL ?? "https://api.inngest.com" });
  }
  const google = googleConfigFromEnv();
  if (google) targets.push({ name: "maps", url: google.baseUrl ?? "https://places.googleapis.com" });
  // Optional: offline (development without a network, as the README says) the weather card says "Weather
  // unavailable" and nothing else changes.
  targets.push({ name: "weather", url: openMeteoConfigFromEnv().baseUrl, optional: true });
  return targets;
}

function problemOf(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (typeof code === "string") return code;
  return "unreachable";
}

/**
 * Probes one service: a GET of its base URL (no credentials sent). Any HTTP answer, even 401 or 404, means the
 * service is reachable; a refused connection, an unknown host or no answer within `timeoutMs` means it is not.
 */
export async function probeService(target: TServiceTarget, timeoutMs = 2000): Promise<TServiceReadiness> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  const signal = AbortSignal.timeout(timeoutMs);
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(target.url, { redirect: "manual", signal });
      await res.body?.cancel();
      return {
        name: target.name,
        reachable: true,
        latencyMs: latencyMs(),
        problem: null,
        ...optionality(target, true),
      };
    } catch (error) {
      // A kept-alive connection the service closed since the last probe fails once; a fresh connection tells.
      const problem = problemOf(error);
      if (attempt === 1 && STALE_CONNECTION.has(problem)) continue;
      return { name: target.name, reachable: false, latencyMs: latencyMs(), problem, ...optionality(target, false) };
    }
  }
}

/** What the user sees while an optional service is unreachable, by service name. */
const OPTIONAL_NOTES: Record<string, string> = {
  weather: 'optional: the weather card shows "Weather unavailable" until it answers',
};

function optionality(target: TServiceTarget, reachable: boolean): Pick<TServiceReadiness, "optional" | "note"> {
  const optional = target.optional === true;
  const note = optional && !reachable ? (OPTIONAL_NOTES[target.name] ?? "optional: its feature falls back") : null;
  return { optional, note };
}

const STALE_CONNECTION = new Set(["UND_ERR_SOCKET", "ECONNRESET"]);

/** Unsent outbox events and the age of the oldest, in whole seconds, by the database's clock. */
export async function outboxBacklog(): Promise<TReadiness["outbox"]> {
  const [row] = await db.$queryRaw<{ unsent: bigint; ageSec: number | null }[]>`
    SELECT count(*) AS "unsent",
           floor(extract(epoch FROM (now() - min("createdAt"))))::int AS "ageSec"
    FROM "OutboxEvent" WHERE "sentAt" IS NULL`;
  return { unsent: Number(row?.unsent ?? 0), oldestUnsentAgeSec: row?.ageSec ?? null };
}

/**
 * The readiness view. `targets` defaults to `configuredServices()`; probes run in parallel, each bounded by
 * `timeoutMs` (default 2 s). With the database down the outbox figures are unknown (zero, null).
 */
export async function checkReadiness(
  opts: { targets?: TServiceTarget[]; timeoutMs?: number } = {},
): Promise<TReadiness> {
  const targets = opts.targets ?? configuredServices();
  const [database, services] = await Promise.all([
    checkDatabase(opts.timeoutMs),
    Promise.all(targets.map((target) => probeService(target, opts.timeoutMs))),
  ]);
  const outbox = database.ok
    ? await outboxBacklog().catch(() => ({ unsent: 0, oldestUnsentAgeSec: null }))
    : { unsent: 0, oldestUnsentAgeSec: null };
  const status = !database.ok ? "down" : services.every((s) => s.reachable || s.optional) ? "ok" : "degraded";
  return {
    status,
    db: { ok: database.ok, kind: database.kind, latencyMs: database.latencyMs },
    services,
    outbox,
    checkedAt: new Date().toISOString(),
  };
}

/** How long one readiness view is reused: a flood of requests makes one round of probes per this many ms. */
export const READINESS_CACHE_MS = 10_000;

let cached: { at: number; key: string; view: Promise<TReadiness> } | null = null;

/**
 * The readiness view, taken at most once per READINESS_CACHE_MS (default targets): concurrent and following calls
 * within that time share the same view (and its in-flight probes), so the open, unauthenticated route cannot be
 * used to make this process flood the outside services. `now` (ms) is for tests.
 */
export function cachedReadiness(opts: { targets?: TServiceTarget[]; now?: number } = {}): Promise<TReadiness> {
  const now = opts.now ?? Date.now();
  const key = opts.targets ? JSON.stringify(opts.targets) : "";
  if (cached && cached.key === key && now >= cached.at && now - cached.at < READINESS_CACHE_MS) return cached.view;
  const view = checkReadiness({ targets: opts.targets });
  cached = { at: now, key, view };
  // A failed view is not reused.
  view.catch(() => {
    if (cached?.view === view) cached = null;
  });
  return view;
}
