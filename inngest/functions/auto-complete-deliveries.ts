// Cron, hourly: DELIVERED shipments the shipper has not confirmed complete 48 h after delivery
// (src/server/services/shipments/auto-complete-deliveries.ts). Bounded: at most MAX_BATCHES batches a run, the next
// run takes the rest. Resumable and safe to run twice: each batch is a memoised step, and a completed shipment is
// no longer DELIVERED, so a retried or repeated batch finds only what is still due.
import { cron } from "inngest";

import { inngest } from "../client";
import { autoCompleteDeliveries } from "~/server/services/shipments/auto-complete-deliveries";

/** Batches per run (each up to AUTO_COMPLETE_BATCH_SIZE shipments). */
export const MAX_BATCHES = 20;

export const autoCompleteDeliveriesFn = inngest.createFunction(
  { id: "auto-complete-deliveries", triggers: [cron("10 * * * *")], concurrency: 1 },
  async ({ event, step }) => {
    const now = new Date(event.ts ?? Date.now());
    let completed = 0;
    let skipped = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const batch = await step.run(`complete-batch-${i}`, () => autoCompleteDeliveries({ now }));
      completed += batch.completed.length;
      skipped += batch.skipped;
      if (batch.done) return { completed, skipped, more: false };
    }
    return { completed, skipped, more: true };
  },
);
