// Unread chat messages for the navigation badge: messages from other people after the reader's read position.
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db";
import type { TViewer } from "~/server/services/shipments/access";

export type TUnreadCounts = { total: number; byShipment: { shipmentId: string; reference: string; count: number }[] };

/**
 * Unread messages of `viewer`, per shipment (most recent conversation first) and in total, in one query. A shipper
 * counts their own shipments, a driver the jobs they are assigned to now (a released job drops out), an admin the
 * conversations they have opened (admins can read every chat; counting all of them would be noise). Drafts have no
 * chat. A conversation never opened counts every message from others.
 */
export async function unreadCounts(viewer: TViewer): Promise<TUnreadCounts> {
  const scope =
    viewer.role === "SHIPPER"
      ? Prisma.sql`s."shipperId" = ${viewer.id}`
      : viewer.role === "DRIVER"
        ? // Only their current assignment's messages (see loadConversation's visibleFrom).
          Prisma.sql`s."driverId" = ${viewer.id} AND (s."assignedAt" IS NULL OR m."createdAt" >= s."assignedAt")`
        : Prisma.sql`r."userId" IS NOT NULL`;
  const rows = await db.$queryRaw<{ shipmentId: string; reference: string; count: number }[]>`
    SELECT s."id" AS "shipmentId", s."reference", COUNT(*)::int AS "count"
    FROM "Shipment" s
    JOIN "Message" m ON m."shipmentId" = s."id" AND m."senderId" <> ${viewer.id} AND m."deletedAt" IS NULL
    LEFT JOIN "ConversationRead" r ON r."shipmentId" = s."id" AND r."userId" = ${viewer.id}
    WHERE ${scope} AND s."status" <> 'DRAFT' AND (r."lastReadAt" IS NULL OR m."createdAt" > r."lastReadAt")
    GROUP BY s."id", s."reference"
    ORDER BY MAX(m."createdAt") DESC`;
  return { total: rows.reduce((sum, r) => sum + r.count, 0), byShipment: rows };
}
