// Cron, every 15 minutes: drivers with a pick-up window opening within the hour get a reminder
// (src/server/notifications/pickup-reminders.ts). Bounded per run; safe to run twice (one notification per job and
// driver, by its dedupe key).
import { cron } from "inngest";

import { inngest } from "../client";
import { notify } from "~/server/notifications/notify";
import { dueReminders } from "~/server/notifications/pickup-reminders";

export const pickupRemindersFn = inngest.createFunction(
  { id: "pickup-reminders", triggers: [cron("*/15 * * * *")], concurrency: 1 },
  async ({ step }) => {
    const due = await step.run("due-reminders", () => dueReminders());
    const results = await Promise.all(due.map((n) => notify(step, n.userId, "PICKUP_REMINDER", n.data)));
    return { reminded: results.filter((r) => r.notificationId).length };
  },
);
