// Reading a conversation: pages of older messages (scrolling back) and the messages after a known one (catching up
// after a reconnect, since Pusher keeps no history). Both in (createdAt, id) order, a total order even when several
// messages share a millisecond.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { afterCursor, keysetPage } from "~/server/services/keyset";
import type { TViewer } from "~/server/services/shipments/access";
import { closedMessage, loadConversation, messageSelect, toChatMessage, type TChatMessage } from "./conversation";

export const HISTORY_PAGE = { default: 30, max: 50 } as const;
export const SINCE_MAX = 100;

export type THistory = {
  /** Oldest first. */
  messages: TChatMessage[];
  /** Cursor for the page of older messages (`before`), null when this page reaches the first message. */
  nextCursor: string | null;
  /** Where each other person who has read this chat has read up to (UTC instants), for "Seen". */
  reads: { userId: string; lastReadAt: Date }[];
  writable: boolean;
  /** Why the chat is read-only, null while it is writable. */
  closedNote: string | null;
  reference: string;
  status: ShipmentStatus;
  /** The reader (for "you", read receipts and the typing indicator). */
  viewer: { id: string; name: string };
  /**
   * The shipper and the assigned driver, with the names the app knows them by: the typing indicator shows only
   * these (and people who wrote in the chat), never a name a browser put in a client event.
   */
  parties: { id: string; name: string }[];
};

/**
 * One page of the chat of `shipmentId` (for the assigned driver, only since their assignment began: visibleFrom),
 * going back in time: the newest `limit` messages (1–50) before the cursor
 * `before` (a `nextCursor` from an earlier page), returned oldest first, with the other readers' positions.
 *
 * @throws AppError NOT_FOUND when the viewer is not a party; BAD_REQUEST for a cursor this did not issue.
 */
export async function chatHistory(opts: {
  viewer: TViewer & { name: string };
  shipmentId: string;
  before?: string | null;
  limit: number;
}): Promise<THistory> {
  const { viewer, shipmentId, limit } = opts;
  const { shipment, writable, visibleFrom } = await loadConversation(viewer, shipmentId);
  const [rows, reads, parties] = await Promise.all([
    db.message.findMany({
      where: {
        shipmentId,
        deletedAt: null,
        ...(visibleFrom ? { createdAt: { gte: visibleFrom } } : {}),
        ...afterCursor(opts.before, "createdAt"),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: messageSelect,
    }),
    db.conversationRead.findMany({
      where: { shipmentId, userId: { not: viewer.id } },
      select: { userId: true, lastReadAt: true },
    }),
    db.user.findMany({
      where: { id: { in: [shipment.shipperId, ...(shipment.driverId ? [shipment.driverId] : [])] } },
      select: { id: true, name: true },
    }),
  ]);
  const page = keysetPage(rows, limit, (m) => m.createdAt);
  return {
    messages: page.items.reverse().map(toChatMessage),
    nextCursor: page.nextCursor,
    reads,
    writable,
    closedNote: writable ? null : closedMessage(shipment.status),
    reference: shipment.reference,
    status: shipment.status,
    viewer: { id: viewer.id, name: viewer.name },
    parties,
  };
}

/**
 * The messages of `shipmentId` after the message (`after.id`, created at `after.at`), oldest first, at most 100;
 * `hasMore` when there are more (the client then reloads the newest page instead).
 *
 * @throws AppError NOT_FOUND when the viewer is not a party.
 */
export async function chatSince(opts: {
  viewer: TViewer;
  shipmentId: string;
  after: { at: Date; id: string };
}): Promise<{ messages: TChatMessage[]; hasMore: boolean }> {
  const { viewer, shipmentId, after } = opts;
  const { visibleFrom } = await loadConversation(viewer, shipmentId);
  const rows = await db.message.findMany({
    where: {
      shipmentId,
      deletedAt: null,
      ...(visibleFrom ? { createdAt: { gte: visibleFrom } } : {}),
      OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: SINCE_MAX + 1,
    select: messageSelect,
  });
  return { messages: rows.slice(0, SINCE_MAX).map(toChatMessage), hasMore: rows.length > SINCE_MAX };
}
