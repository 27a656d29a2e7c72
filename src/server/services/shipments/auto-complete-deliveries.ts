// A delivered load the shipper has not confirmed completes by itself 48 hours after delivery (DESIGN.md, the
// driver's payout waits on COMPLETED): the hourly cron (inngest/functions/auto-complete-deliveries.ts) runs this.
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { transactionWithEvents } from "../outbox/transaction-with-events";
import { applyTransition } from "./transition";

/** How long after delivery a shipment completes without the shipper's confirmation: 48 hours, in ms. */
export const AUTO_COMPLETE_AFTER_MS = 48 * 3600_000;

/** Shipments completed per call: one transaction and one live publish each. */
export const AUTO_COMPLETE_BATCH_SIZE = 50;

/** The timeline note on an automatic completion. */
export const AUTO_COMPLETED_NOTE = "Completed automatically 48 hours after delivery.";

export type TAutoCompleteBatch = { completed: string[]; skipped: number; done: boolean };

/**
 * Completes one batch of DELIVERED shipments delivered at or before `now` − AUTO_COMPLETE_AFTER_MS: each moves
 * DELIVERED → COMPLETED by the `confirm` transition as the SYSTEM actor (src/lib/shipment-state.ts; no actor id,
 * note AUTO_COMPLETED_NOTE), in its own transaction, then its status is published live. A shipment the shipper
 * confirmed (or an admin cancelled) in the meantime loses the conditional write and is skipped. Returns the ids
 * completed, how many were skipped, and `done` when fewer than `batchSize` (default AUTO_COMPLETE_BATCH_SIZE) were
 * due. Safe to run twice: a completed shipment is no longer DELIVERED. Throws only on a database error.
 */
export async function autoCompleteDeliveries(opts: { now: Date; batchSize?: number }): Promise<TAutoCompleteBatch> {
  const batchSize = opts.batchSize ?? AUTO_COMPLETE_BATCH_SIZE;
  const deliveredBefore = new Date(opts.now.getTime() - AUTO_COMPLETE_AFTER_MS);
  const due = await db.shipment.findMany({
    where: { status: "DELIVERED", deliveredAt: { lte: deliveredBefore } },
    orderBy: [{ deliveredAt: "asc" }, { id: "asc" }],
    take: batchSize,
    select: { id: true, deliveredAt: true },
  });
  const completed: string[] = [];
  let skipped = 0;
  for (const { id, deliveredAt } of due) {
    try {
      await transactionWithEvents((tx, emit) =>
        applyTransition(tx, {
          emit,
          shipment: { id, status: "DELIVERED" },
          action: "confirm",
          actor: "SYSTEM",
          actorId: null,
          note: AUTO_COMPLETED_NOTE,
          eventData: { reason: "auto_complete", deliveredAt: deliveredAt?.toISOString() ?? null },
        }),
      );
    } catch (error) {
      // Lost the conditional write: confirmed, cancelled or deleted between the read and the write.
      if (error instanceof AppError && (error.code === "CONFLICT" || error.code === "NOT_FOUND")) {
        skipped += 1;
        continue;
      }
      throw error;
    }
    completed.push(id);
    await publishShipmentChanged(id);
  }
  return { completed, skipped, done: due.length < batchSize };
}
