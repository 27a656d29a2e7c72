// Cron, daily at 03:30 UTC: location pings older than 30 days are thinned to one a minute per driver and shipment
// (src/server/services/tracking/compact-location-pings.ts). Bounded: at most MAX_BATCHES batches of shipments a
// run, walking shipment ids with a cursor that each memoised step returns, so a retry resumes after the last batch
// done; the next day's run takes what is left. Safe to run twice: a compacted minute holds one ping.
import { cron } from "inngest";

import { inngest } from "../client";
import { COMPACT_PINGS_OLDER_THAN_MS, compactLocationPings } from "~/server/services/tracking/compact-location-pings";

/** Batches per run (each up to COMPACT_SHIPMENTS_PER_BATCH shipments). */
export const MAX_BATCHES = 50;

export const compactLocationPingsFn = inngest.createFunction(
  { id: "compact-location-pings", triggers: [cron("TZ=UTC 30 3 * * *")], concurrency: 1 },
  async ({ event, step }) => {
    const cutoff = new Date((event.ts ?? Date.now()) - COMPACT_PINGS_OLDER_THAN_MS);
    let deleted = 0;
    let after: string | null = null;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const batch = await step.run(`compact-batch-${i}`, () => compactLocationPings({ cutoff, after }));
      deleted += batch.deleted;
      if (batch.done) return { deleted, more: false };
      after = batch.cursor;
    }
    return { deleted, more: true };
  },
);
