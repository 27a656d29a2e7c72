// The channel senders: a small registry, so SMS (src/server/integrations/twilio) and web push
// (src/server/integrations/web-push) plug in with `registerChannel` without this module knowing them. A channel with
// no sender gets its delivery recorded as SKIPPED "channel not configured": it never pretends to send.
import type { NotificationChannel, NotificationType } from "~/generated/prisma/enums";

/** What a sender gets: the stored notification, its delivery row and the person it is for. */
export type TChannelMessage = {
  deliveryId: string;
  notification: {
    id: string;
    type: NotificationType;
    title: string;
    body: string;
    shipmentId: string | null;
    /** Absolute link to what the notification is about (the app page for the person's role). */
    url: string;
    createdAt: Date;
  };
  user: { id: string; name: string; email: string; phone: string | null };
};

/**
 * A sender delivers one message on its channel. Resolves `{ status: "SENT", providerId }` (the provider's message
 * id, or null when it has none) or `{ status: "SKIPPED", reason }` when there is nothing to send to (no verified
 * phone, no push subscription). Throws to have the Inngest step retry it; after the last retry the delivery is
 * recorded FAILED with the error. Must be idempotent per `deliveryId` (use it as the provider's idempotency key).
 */
export type TChannelSender = (
  message: TChannelMessage,
) => Promise<{ status: "SENT"; providerId: string | null } | { status: "SKIPPED"; reason: string }>;

export const CHANNEL_NOT_CONFIGURED = "channel not configured";

const senders = new Map<NotificationChannel, TChannelSender>();

/** Makes `sender` the one for `channel` (replacing any before it). Returns a function that removes it again. */
export function registerChannel(channel: NotificationChannel, sender: TChannelSender): () => void {
  senders.set(channel, sender);
  return () => {
    if (senders.get(channel) === sender) senders.delete(channel);
  };
}

/** The sender for `channel`, or null when none is registered. */
export function channelSender(channel: NotificationChannel): TChannelSender | null {
  return senders.get(channel) ?? null;
}
