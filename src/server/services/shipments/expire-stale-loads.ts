// Posted loads nobody accepted before their pick-up window ended leave the board for good: the hourly cron
// (inngest/functions/expire-stale-loads.ts) cancels them through the state machine, saying why.
import { db } from "~/server/db";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { transactionWithEvents } from "../outbox/transaction-with-events";
import { applyTransition } from "./transition";

/** What the shipper reads on the cancelled load (its cancel reason and the timeline note). */
export const EXPIRED_REASON =
  "No driver accepted this load before its pick-up window ended, so it was taken off the board.";

/** Loads expired per call: one transaction and one live publish each. */
export const EXPIRE_BATCH_SIZE = 50;

export type TExpireBatch = { expired: string[]; skipped: number; done: boolean };

/**
 * Expires one batch of POSTED loads whose pick-up window ended at or before `now`: each moves POSTED → CANCELLED by
 * the `expire` transition (src/lib/shipment-state.ts, actor SYSTEM, no actor id) with `cancelReason` and the
 * ShipmentEvent note set to EXPIRED_REASON, in its own transaction, then its status is published live.
 * The row is locked (FOR UPDATE) and re-checked first, so a load accepted, cancelled or given a later window in the
 * meantime is skipped, never expired. Returns the ids expired, how many were skipped, and `done` when fewer than
 * `batchSize` (default EXPIRE_BATCH_SIZE) were due. Safe to run twice: an expired load is no longer POSTED.
 * Throws only on a database error.
 */
export async function expireStaleLoads(opts: { now: Date; batchSize?: number }): Promise<TExpireBatch> {
  const batchSize = opts.batchSize ?? EXPIRE_BATCH_SIZE;
  const due = await db.shipment.findMany({
    where: { status: "POSTED", pickupWindowEnd: { lte: opts.now } },
    orderBy: [{ pickupWindowEnd: "asc" }, { id: "asc" }],
    take: batchSize,
    select: { id: true },
  });
  const expired: string[] = [];
  let skipped = 0;
  for (const { id } of due) {
    const done = await transactionWithEvents(async (tx, emit) => {
      const [row] = await tx.$queryRaw<{ status: string; pickupWindowEnd: Date }[]>`
        SELECT "status"::text AS "status", "pickupWindowEnd" FROM "Shipment" WHERE "id" = ${id} FOR UPDATE`;
      if (!row || row.status !== "POSTED" || row.pickupWindowEnd > opts.now) return false;
      await applyTransition(tx, {
        emit,
        shipment: { id, status: "POSTED" },
        action: "expire",
        actor: "SYSTEM",
        actorId: null,
        data: { cancelReason: EXPIRED_REASON },
        note: EXPIRED_REASON,
        eventData: { reason: "pickup_window_ended", pickupWindowEnd: row.pickupWindowEnd.toISOString() },
      });
      return true;
    });
    if (!done) {
      skipped += 1;
      continue;
    }
    expired.push(id);
    await publishShipmentChanged(id);
  }
  return { expired, skipped, done: due.length < batchSize };
}
