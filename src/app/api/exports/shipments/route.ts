// GET /api/exports/shipments: the signed-in shipper's own shipments as a CSV download (every field but secrets;
// src/server/services/analytics/export-shipments-csv.ts), UTF-8 with a byte order mark so Excel reads it. 401 signed out, 403 for other roles, 429 past the limit.
import { isAppError } from "~/lib/app-error";
import { resolveRequestSession } from "~/server/auth/session";
import { shipmentsCsvStream } from "~/server/services/analytics/export-shipments-csv";
import { consume } from "~/server/services/rate-limit/rate-limit";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** Exports per shipper: 20 an hour. Each reads every one of their shipments, so a loop would load the database. */
const exportLimit = (userId: string) => ({ key: `shipments-csv:${userId}`, max: 20, windowSec: 3600 });

/** The UTF-8 byte order mark: without it Excel on Windows reads the file as Windows-1252 ("Café" → "CafÃ©"). */
const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** `csv` with the UTF-8 byte order mark in front, still streamed. */
function withUtf8Bom(csv: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return csv.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        controller.enqueue(UTF8_BOM);
      },
    }),
  );
}

export async function GET(req: Request): Promise<Response> {
  const { session } = await resolveRequestSession(req.headers);
  if (!session) return new Response("Sign in to export your shipments.", { status: 401, headers: NO_STORE });
  if (session.user.role !== "SHIPPER") {
    return new Response("Only shippers can export shipments.", { status: 403, headers: NO_STORE });
  }
  try {
    await consume(exportLimit(session.user.id), "exports");
  } catch (error) {
    if (isAppError(error) && error.code === "TOO_MANY_REQUESTS") {
      return new Response(error.message, {
        status: 429,
        headers: { ...NO_STORE, "retry-after": String(error.retryAfterSec ?? 60) },
      });
    }
    throw error;
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(withUtf8Bom(shipmentsCsvStream(session.user.id)), {
    headers: {
      ...NO_STORE,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="shipments-${day}.csv"`,
      "x-content-type-options": "nosniff",
    },
  });
}
