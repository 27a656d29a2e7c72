// SMS: the notification as one text message through Twilio (src/server/integrations/twilio/send-sms.ts), only to a
// number its owner verified and did not opt out of (smsAddressFor).
import { NonRetriableError } from "inngest";

import { db } from "~/server/db";
import { isChannelError } from "~/server/integrations/channel-error";
import { sendSms, TWILIO_UNSUBSCRIBED } from "~/server/integrations/twilio/send-sms";
import { smsAddressFor } from "~/server/services/sms/sms-address";
import type { TChannelSender } from "../channels";

/** Twilio's limit for one message body, in characters. */
const SMS_MAX_CHARS = 1600;

/** "Trial Transport: <title>. <body> <link>", cut to fit one Twilio message (1,600 characters). */
export function smsBody(title: string, body: string, url: string): string {
  const tail = ` ${url}`;
  const text = `Trial Transport: ${title}. ${body}`;
  const room = SMS_MAX_CHARS - tail.length;
  return (text.length > room ? `${text.slice(0, room - 1)}…` : text) + tail;
}

/**
 * Texts the notification to the user's verified number; SKIPPED when they have none (or it replied STOP). A refusal
 * no retry can fix (Twilio 21211 invalid, 21610 unsubscribed, ...) is thrown as NonRetriableError so the step fails
 * at once; 21610 also records the opt-out on the account. Twilio has no idempotency key: the delivery row is
 * checked PENDING before each try (sendDelivery), so only a crash between Twilio's answer and the row's update can
 * repeat a message.
 */
export const sendSmsNotification: TChannelSender = async ({ notification, user }) => {
  const to = await smsAddressFor(user.id);
  if (!to) return { status: "SKIPPED", reason: "no verified phone number" };
  try {
    const { providerId } = await sendSms({
      to,
      body: smsBody(notification.title, notification.body, notification.url),
    });
    return { status: "SENT", providerId };
  } catch (error) {
    if (isChannelError(error) && error.code === TWILIO_UNSUBSCRIBED) {
      await db.user.updateMany({ where: { id: user.id, smsOptedOutAt: null }, data: { smsOptedOutAt: new Date() } });
    }
    if (isChannelError(error) && error.permanent) throw new NonRetriableError(error.message, { cause: error });
    throw error;
  }
};
