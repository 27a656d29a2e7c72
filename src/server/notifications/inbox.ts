// The person's own notifications: the bell's count, the list at /notifications, marking read. Every query is
// scoped to the signed-in user; another person's notification id is NOT_FOUND.
import type { NotificationType } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { REALTIME_EVENTS, type TNotificationEvent, userChannel } from "~/lib/realtime";
import { db } from "~/server/db";
import { publish } from "~/server/realtime/publish";

export const INBOX_PAGE = 20;

export type TInboxItem = {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  shipmentId: string | null;
  readAt: Date | null;
  createdAt: Date;
};

/** How many of `userId`'s notifications are unread. */
export async function unreadNotificationCount(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/**
 * A page of `userId`'s notifications, newest first: `cursor` is the previous page's `nextCursor` (a notification
 * id), `limit` 1–50. `nextCursor` is null on the last page. A cursor that is not theirs starts from the top.
 */
export async function listNotifications(
  userId: string,
  opts: { cursor?: string; limit?: number } = {},
): Promise<{ items: TInboxItem[]; nextCursor: string | null }> {
  const limit = opts.limit ?? INBOX_PAGE;
  const cursorRow = opts.cursor
    ? await db.notification.findFirst({ where: { id: opts.cursor, userId }, select: { id: true } })
    : null;
  const rows = await db.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(cursorRow ? { cursor: { id: cursorRow.id }, skip: 1 } : {}),
    take: limit + 1,
    select: { id: true, type: true, title: true, body: true, shipmentId: true, readAt: true, createdAt: true },
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** Tells the person's other tabs that their unread count changed. */
async function announceRead(userId: string): Promise<void> {
  const event: TNotificationEvent = { notificationId: "", type: "READ" };
  await publish(userChannel(userId), REALTIME_EVENTS.notification, event);
}

/**
 * Marks `id` read for `userId` (kept as it was when already read). Returns the unread count after. Throws AppError
 * NOT_FOUND when there is no such notification of theirs.
 */
export async function markNotificationRead(userId: string, id: string): Promise<{ unread: number }> {
  const { count } = await db.notification.updateMany({
    where: { id, userId, readAt: null },
    data: { readAt: new Date() },
  });
  if (count === 0 && !(await db.notification.findFirst({ where: { id, userId }, select: { id: true } }))) {
    throw new AppError("NOT_FOUND", "Notification not found.");
  }
  if (count > 0) await announceRead(userId);
  return { unread: await unreadNotificationCount(userId) };
}

/** Marks every unread notification of `userId` read. Returns how many it marked. */
export async function markAllNotificationsRead(userId: string): Promise<{ marked: number }> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  if (count > 0) await announceRead(userId);
  return { marked: count };
}
