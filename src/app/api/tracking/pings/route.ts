// The driver app's position ingest. The phone's queue (IndexedDB) POSTs batches of fixes with its session cookie
// and `x-trpc-source: driver-app`, also with `keepalive: true` on pagehide, and drops from its queue exactly the
// pings answered `stored`, `duplicate` or `rejected`; on any other answer it keeps the batch and retries.
// Contract: src/lib/schemas/tracking.ts. Rules: src/server/services/tracking/ingest-pings.ts.
import { env } from "~/env";
import { crossSiteRefusal } from "~/lib/csrf";
import { PING_BATCH_MAX, type TPingBatchResponse } from "~/lib/schemas/tracking";
import { resolveRequestSession } from "~/server/auth/session";
import { limits, reserveAttempt } from "~/server/services/rate-limit/rate-limit";
import { ingestPings } from "~/server/services/tracking/ingest-pings";
import { logger } from "~/server/log/logger";
import { withRequestLog } from "~/server/log/request-log";
import { readCapped } from "~/server/http/read-capped";

export const dynamic = "force-dynamic";

/** Largest body read: 100 pings with every field take about 20 KB of JSON. */
const PING_BODY_MAX_BYTES = 64 * 1024;

const NO_STORE = { "Cache-Control": "no-store" };

function fail(status: 400 | 401 | 403 | 413 | 429 | 503, error: string, headers: Record<string, string> = {}) {
  return Response.json({ error }, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * POST JSON `{ pings: TPingInput[] }` (1–PING_BATCH_MAX) → 200 TPingBatchResponse: `results` one per ping in the
 * order sent, `etaAt` ISO or null. Refusals are JSON `{ error }`: 400 malformed JSON, wrong shape or too many
 * pings; 401 signed out; 403 cross-site (no `x-trpc-source`, foreign Origin / Sec-Fetch-Site) or not a driver;
 * 413 body over PING_BODY_MAX_BYTES; 429 with Retry-After (seconds) past limits.trackingPings; 503 with
 * Retry-After when the database fails (the phone retries; the ping identity makes that safe). Never 500.
 */
async function handlePost(req: Request): Promise<Response> {
  if (crossSiteRefusal(req.headers, { appOrigin: new URL(env.APP_URL).origin, requireClientHeader: true })) {
    return fail(403, "This request did not come from the app.");
  }
  try {
    const { session } = await resolveRequestSession(req.headers);
    if (!session) return fail(401, "Please sign in.");
    if (session.user.role !== "DRIVER") return fail(403, "Only drivers share positions.");

    let text: string | null;
    try {
      text = await readCapped(req, PING_BODY_MAX_BYTES);
    } catch {
      return fail(400, "The request body could not be read.");
    }
    if (text === null) return fail(413, `The batch is larger than ${PING_BODY_MAX_BYTES / 1024} KB.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail(400, "The body is not valid JSON.");
    }
    const pings = (body as { pings?: unknown } | null)?.pings;
    if (typeof body !== "object" || body === null || Array.isArray(body) || !Array.isArray(pings)) {
      return fail(400, "Send a JSON object { pings: [...] }.");
    }
    if (pings.length === 0) return fail(400, "The batch has no pings.");
    if (pings.length > PING_BATCH_MAX) return fail(400, `At most ${PING_BATCH_MAX} pings per request.`);

    const allowance = await reserveAttempt(limits.trackingPings(session.user.id));
    if (!allowance.ok) {
      return fail(429, `Too many position batches. Try again in ${allowance.retryAfterSec} s.`, {
        "Retry-After": String(allowance.retryAfterSec),
      });
    }

    const { results, etaAt } = await ingestPings(session.user.id, pings);
    const response: TPingBatchResponse = { results, etaAt: etaAt?.toISOString() ?? null };
    return Response.json(response, { headers: NO_STORE });
  } catch (error) {
    logger.error({ module: "tracking", err: error }, "tracking: ping ingest failed");
    return fail(503, "Positions could not be saved just now. They stay on the phone and are sent again.", {
      "Retry-After": "5",
    });
  }
}

export const POST = withRequestLog("/api/tracking/pings", handlePost);
