import { checkDatabase } from "~/server/db";
import { appVersion } from "~/server/version";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = await checkDatabase();
  return Response.json(
    { status: db.ok ? "ok" : "error", db: { ok: db.ok, kind: db.kind, latencyMs: db.latencyMs }, version: appVersion },
    { status: db.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
