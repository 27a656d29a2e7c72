// `message/sent` -> after 2 minutes, the other party if they have not read it, at most once per conversation per
// 5 minutes (src/server/notifications/new-message.ts). The wait is a durable `step.sleep`, the check reads the
// database after it. Idempotent: the notification's key is the conversation, the person and the 5-minute slot.
import { inngest } from "../client";
import { messageSent } from "../events";
import { notify } from "~/server/notifications/notify";
import { READ_GRACE, unreadMessageNotices } from "~/server/notifications/new-message";

export const notifyNewMessageFn = inngest.createFunction(
  { id: "notify-new-message", triggers: [messageSent] },
  async ({ event, step }) => {
    await step.sleep("give-them-time-to-read", READ_GRACE);
    const notices = await step.run("who-has-not-read", () => unreadMessageNotices(event.data.messageId));
    const results = await Promise.all(notices.map((n) => notify(step, n.userId, "NEW_MESSAGE", n.data)));
    return { notified: results.map((r) => r.notificationId) };
  },
);
