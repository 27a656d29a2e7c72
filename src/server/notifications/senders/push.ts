// PUSH: the notification to every browser the user turned push on in (src/server/integrations/web-push/send-push.ts).
import { NonRetriableError } from "inngest";

import { isChannelError } from "~/server/integrations/channel-error";
import { sendPushToUser } from "~/server/integrations/web-push/send-push";
import type { TChannelSender } from "../channels";

/**
 * Pushes the title, body and the app path of the notification's link (public/sw.js opens it on click). SKIPPED
 * when the user has no subscription left (none, or every one gone: 404/410 delete them). A permanent refusal
 * (push not configured, a 4xx from the push service) fails the step at once (NonRetriableError); outages retry.
 * Push services have no idempotency key: see sendPushToUser for why a retry never repeats a shown notification.
 */
export const sendPushNotification: TChannelSender = async ({ notification, user }) => {
  const link = new URL(notification.url);
  try {
    const { sent } = await sendPushToUser(user.id, {
      title: notification.title,
      body: notification.body,
      url: `${link.pathname}${link.search}`,
    });
    return sent > 0 ? { status: "SENT", providerId: null } : { status: "SKIPPED", reason: "no push subscription" };
  } catch (error) {
    if (isChannelError(error) && error.permanent) throw new NonRetriableError(error.message, { cause: error });
    throw error;
  }
};
