// Cron, Fridays 09:00 America/Chicago (WEEKLY_PAYOUT_CRON, the zone's daylight saving followed by Inngest): groups
// the week's COMPLETED loads with proof of delivery into one Payout per driver and sends each unpaid payout's
// Stripe transfer, earlier failures included (src/server/services/payouts/weekly.ts). Safe to run twice, or twice
// at once: a load is in one payout (unique), and a transfer's idempotency key comes from its payout's id.
import { cron, NonRetriableError } from "inngest";

import { inngest } from "../client";
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { WEEKLY_PAYOUT_CRON } from "~/server/services/payouts/rules";
import { runWeeklyPayouts } from "~/server/services/payouts/weekly";

export const weeklyPayoutsFn = inngest.createFunction(
  { id: "weekly-payouts", triggers: [cron(WEEKLY_PAYOUT_CRON)], concurrency: 1 },
  async ({ event, step }) => {
    const now = new Date(event.ts ?? Date.now());
    return step.run("pay-week", async () => {
      const stripe = stripeConfigFromEnv();
      if (!stripe) throw new NonRetriableError("Stripe is not configured: drivers are not paid this week.");
      return runWeeklyPayouts({ now, stripe });
    });
  },
);
