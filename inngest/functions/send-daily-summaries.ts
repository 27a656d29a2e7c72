// Cron, hourly: shippers whose morning has come (06:00 in their zone) get yesterday's summary of their loads
// (src/server/services/summaries/send-daily-summaries.ts). Bounded: at most MAX_BATCHES batches of shippers a run,
// walking shipper ids with a cursor that each memoised step returns; the next hour's run takes the rest. Safe to
// run twice: a DailySummary row per shipper and day, plus a Resend idempotency key, allow one email a day.
import { cron } from "inngest";

import { inngest } from "../client";
import { sendDailySummaries } from "~/server/services/summaries/send-daily-summaries";

/** Batches per run (each up to SUMMARY_SHIPPERS_PER_BATCH shippers). */
export const MAX_BATCHES = 20;

export const sendDailySummariesFn = inngest.createFunction(
  { id: "send-daily-summaries", triggers: [cron("20 * * * *")], concurrency: 1 },
  async ({ event, step }) => {
    const now = new Date(event.ts ?? Date.now());
    let sent = 0;
    let after: string | null = null;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const batch = await step.run(`summary-batch-${i}`, () => sendDailySummaries({ now, after }));
      sent += batch.sent.length;
      if (batch.done) return { sent, more: false };
      after = batch.cursor;
    }
    return { sent, more: true };
  },
);
