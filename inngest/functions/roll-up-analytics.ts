// Cron, hourly: recomputes the analytics roll-up for the last few whole UTC days (src/server/services/analytics/
// roll-up.ts); today is never stored, the pages compute it live. Safe to run twice or retry: each run replaces those
// days' rows in one transaction with figures computed from the shipments, so a repeat writes the same rows.
import { cron } from "inngest";

import { inngest } from "../client";
import { rollUpRecentDays } from "~/server/services/analytics/roll-up";

export const rollUpAnalyticsFn = inngest.createFunction(
  { id: "roll-up-analytics", triggers: [cron("5 * * * *")], concurrency: 1 },
  async ({ event, step }) => {
    // The firing time fixes which days are recomputed, retries included.
    const now = new Date(event.ts ?? Date.now());
    return step.run("roll-up-recent-days", () => rollUpRecentDays({ now }));
  },
);
