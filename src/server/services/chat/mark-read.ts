// Read positions ("read up to this instant") per person and conversation, for unread counts and read receipts.
// A position only ever moves forward: a late request from another tab cannot mark read messages unread again.
import type { Prisma } from "~/generated/prisma/client";
import { REALTIME_EVENTS, shipmentChannel, userChannel, type TReadEvent, type TUnreadEvent } from "~/lib/realtime";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { publish } from "~/server/realtime/publish";
import type { TViewer } from "~/server/services/shipments/access";
import { loadConversation } from "./conversation";

/**
 * Moves `userId`'s read position in `shipmentId` to `to`, only if that is later than where it is (one conditional
 * upsert, so concurrent calls cannot move it backwards). Returns true when it moved.
 */
export async function moveReadForward(
  tx: Prisma.TransactionClient | typeof db,
  opts: { shipmentId: string; userId: string; to: Date },
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ lastReadAt: Date }[]>`
    INSERT INTO "ConversationRead" AS r ("shipmentId", "userId", "lastReadAt")
    VALUES (${opts.shipmentId}, ${opts.userId}, ${opts.to})
    ON CONFLICT ("shipmentId", "userId") DO UPDATE SET "lastReadAt" = EXCLUDED."lastReadAt"
    WHERE r."lastReadAt" < EXCLUDED."lastReadAt"
    RETURNING r."lastReadAt"`;
  return rows.length > 0;
}

/**
 * Marks the chat of `shipmentId` read by `reader` up to message `upTo` (its creation instant). Never moves backwards;
 * calling it again changes and publishes nothing. When it moves, publishes `read` (TReadEvent) on the shipment
 * channel (read receipts) and `unread` (TUnreadEvent) on the reader's user channel (their badge in other tabs).
 * Works on closed shipments too. Returns the reader's read position (UTC instant).
 *
 * @throws AppError NOT_FOUND when the shipment is not the reader's, or `upTo` is not a message of it.
 */
export async function markRead(opts: {
  reader: TViewer;
  shipmentId: string;
  upTo: string;
}): Promise<{ lastReadAt: Date }> {
  const { reader, shipmentId } = opts;
  const { shipment, visibleFrom } = await loadConversation(reader, shipmentId);
  const message = await db.message.findFirst({
    where: { id: opts.upTo, shipmentId, ...(visibleFrom ? { createdAt: { gte: visibleFrom } } : {}) },
    select: { createdAt: true },
  });
  if (!message)
    throw new AppError("NOT_FOUND", "Message not found.", { fieldErrors: { upTo: ["Message not found."] } });

  const moved = await moveReadForward(db, { shipmentId, userId: reader.id, to: message.createdAt });
  const row = await db.conversationRead.findUniqueOrThrow({
    where: { shipmentId_userId: { shipmentId, userId: reader.id } },
    select: { lastReadAt: true },
  });
  if (moved) {
    const read: TReadEvent = { shipmentId, userId: reader.id, lastReadAt: row.lastReadAt.toISOString() };
    const unread: TUnreadEvent = { shipmentId };
    await Promise.all([
      publish(shipmentChannel(shipmentId, shipment.driverId), REALTIME_EVENTS.read, read),
      publish(userChannel(reader.id), REALTIME_EVENTS.unread, unread),
    ]);
  }
  return { lastReadAt: row.lastReadAt };
}
