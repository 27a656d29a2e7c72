// Cron, hourly: POSTED loads whose pick-up window has ended are cancelled with a reason the shipper sees
// (src/server/services/shipments/expire-stale-loads.ts). Bounded: at most MAX_BATCHES batches a run, the next run
// takes the rest. Resumable and safe to run twice: each batch is a memoised step, and an expired load is no longer
// POSTED, so a retried or repeated batch finds only what is still due.
import { cron } from "inngest";

import { inngest } from "../client";
import { expireStaleLoads } from "~/server/services/shipments/expire-stale-loads";

/** Batches per run (each up to EXPIRE_BATCH_SIZE loads). */
export const MAX_BATCHES = 20;

export const expireStaleLoadsFn = inngest.createFunction(
  { id: "expire-stale-loads", triggers: [cron("0 * * * *")], concurrency: 1 },
  async ({ event, step }) => {
    // The run's reference time is the firing time: every batch, retries included, uses the same one.
    const now = new Date(event.ts ?? Date.now());
    let expired = 0;
    let skipped = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const batch = await step.run(`expire-batch-${i}`, () => expireStaleLoads({ now }));
      expired += batch.expired.length;
      skipped += batch.skipped;
      if (batch.done) return { expired, skipped, more: false };
    }
    return { expired, skipped, more: true };
  },
);
