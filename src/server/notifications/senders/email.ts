// EMAIL: the notification through Resend (src/server/services/email/send-email.ts), from the React Email layout, with
// a signed one-click unsubscribe for its type (List-Unsubscribe + List-Unsubscribe-Post, RFC 8058).
import { render } from "@react-email/components";
import { createElement } from "react";

import { env } from "~/env";
import { sendEmail } from "~/server/services/email/send-email";
import { notificationCatalogue } from "../catalogue";
import type { TChannelSender } from "../channels";
import { unsubscribePageUrl, unsubscribePostUrl, unsubscribeToken } from "../unsubscribe";
import { NotificationEmail, type TNotificationEmailProps } from "./notification-email";

/** The HTML and text of one notification email (both from the same React Email element). */
export async function renderNotificationEmail(props: TNotificationEmailProps): Promise<{ html: string; text: string }> {
  const element = createElement(NotificationEmail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

/** Sends the notification to the user's address under the idempotency key `notification/<deliveryId>`. */
export const sendEmailNotification: TChannelSender = async ({ deliveryId, notification, user }) => {
  const token = unsubscribeToken(user.id, notification.type);
  const { html, text } = await renderNotificationEmail({
    title: notification.title,
    body: notification.body,
    actionLabel: notification.shipmentId ? "Open the shipment" : "Open notifications",
    actionUrl: notification.url,
    unsubscribe: {
      typeLabel: notificationCatalogue[notification.type].label,
      unsubscribeUrl: unsubscribePageUrl(token),
      settingsUrl: `${env.APP_URL}/settings/notifications`,
    },
  });
  const { id } = await sendEmail({
    to: user.email,
    subject: notification.title,
    html,
    text,
    idempotencyKey: `notification/${deliveryId}`,
    headers: {
      "List-Unsubscribe": `<${unsubscribePostUrl(token)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  });
  return { status: "SENT", providerId: id };
};
