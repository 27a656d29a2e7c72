// Telling the other party of a chat message they have not read: only after they had 2 minutes to read it in the
// app, and at most once per conversation per 5 minutes, so a burst of messages is one notification.
import type { NotificationType } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { otherParties } from "~/server/services/chat/conversation";
import type { TNotifyData } from "./notify";

/** How long the other party has to read a message in the app before they are notified (issue 11 §3). */
export const READ_GRACE = "2m";
/** At most one chat notification per conversation and person in this window, in ms. */
export const MESSAGE_NOTICE_WINDOW_MS = 5 * 60_000;

/**
 * The people to notify of `messageId` now (its grace period has passed): each other party (shipper, driver) who has
 * not read up to it and has had no chat notification for this shipment in the last 5 minutes. The dedupe key is the
 * conversation, the person and the 5-minute slot the message fell in, so two runs racing cannot both notify.
 * Empty when the message was deleted or the shipment is gone.
 */
export async function unreadMessageNotices(messageId: string): Promise<{ userId: string; data: TNotifyData }[]> {
  const m = await db.message.findUnique({
    where: { id: messageId },
    select: {
      createdAt: true,
      deletedAt: true,
      senderId: true,
      body: true,
      sender: { select: { name: true } },
      shipment: { select: { id: true, reference: true, status: true, shipperId: true, driverId: true } },
    },
  });
  if (!m || m.deletedAt) return [];
  const shipmentId = m.shipment.id;
  const type: NotificationType = "NEW_MESSAGE";
  const notices: { userId: string; data: TNotifyData }[] = [];
  for (const userId of otherParties(m.shipment, m.senderId)) {
    const read = await db.conversationRead.findUnique({
      where: { shipmentId_userId: { shipmentId, userId } },
      select: { lastReadAt: true },
    });
    if (read && read.lastReadAt >= m.createdAt) continue;
    const recent = await db.notification.findFirst({
      where: { userId, shipmentId, type, createdAt: { gt: new Date(Date.now() - MESSAGE_NOTICE_WINDOW_MS) } },
      select: { id: true },
    });
    if (recent) continue;
    const slot = Math.floor(m.createdAt.getTime() / MESSAGE_NOTICE_WINDOW_MS);
    const preview = m.body.length > 140 ? `${m.body.slice(0, 139)}…` : m.body;
    notices.push({
      userId,
      data: {
        title: `New message from ${m.sender.name} about ${m.shipment.reference}`,
        body: preview || "Sent a file.",
        shipmentId,
        dedupeKey: `message:${shipmentId}:${userId}:${slot}`,
        data: { messageId },
      },
    });
  }
  return notices;
}
