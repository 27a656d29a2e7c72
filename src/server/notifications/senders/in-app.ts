// IN_APP: the row is already stored; delivering it is the live hint on the person's user channel, which raises the
// bell's count without a reload (src/components/notifications/notification-bell.tsx re-reads it through tRPC).
import { REALTIME_EVENTS, type TNotificationEvent, userChannel } from "~/lib/realtime";
import { publish } from "~/server/realtime/publish";
import type { TChannelSender } from "../channels";

/**
 * Publishes `notification` (TNotificationEvent) on `private-user-{id}`. Pusher not configured or unreachable is not
 * a failure to retry: the notification is in the list and the bell re-reads on its next (re)connect.
 */
export const sendInAppNotification: TChannelSender = async ({ notification, user }) => {
  const event: TNotificationEvent = { notificationId: notification.id, type: notification.type };
  const published = await publish(userChannel(user.id), REALTIME_EVENTS.notification, event);
  return published ? { status: "SENT", providerId: null } : { status: "SKIPPED", reason: "real time not available" };
};
