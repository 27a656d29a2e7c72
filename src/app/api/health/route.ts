import { withRequestLog } from "~/server/log/request-log";
import { checkDatabase } from "~/server/db";
import { cachedReadiness } from "~/server/services/health/readiness";
import { appVersion } from "~/server/version";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * GET /api/health: liveness, one `SELECT 1` (200, or 503 when the database does not answer).
 * GET /api/health?view=ready: the operators' readiness view (src/server/services/health/readiness.ts): database,
 * each configured outside service reachable or not, and the age in seconds of the oldest unsent outbox event;
 * 503 only when the database is down (an unreachable required service is "degraded": its feature falls back; an
 * optional one, weather, is noted and leaves the status "ok"). Taken at most once per 10 s (READINESS_CACHE_MS):
 * the route is open, so a flood of requests makes no more outbound probes.
 */
async function get(req: Request): Promise<Response> {
  if (new URL(req.url).searchParams.get("view") === "ready") {
    const readiness = await cachedReadiness();
    return Response.json(
      { ...readiness, version: appVersion },
      { status: readiness.db.ok ? 200 : 503, headers: noStore },
    );
  }
  const db = await checkDatabase();
  return Response.json(
    { status: db.ok ? "ok" : "error", db: { ok: db.ok, kind: db.kind, latencyMs: db.latencyMs }, version: appVersion },
    { status: db.ok ? 200 : 503, headers: noStore },
  );
}

export const GET = withRequestLog("/api/health", get);
