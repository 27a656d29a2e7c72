// The shipper's own shipments, newest first, in keyset pages that stay stable while new shipments are created.
import type { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { afterCursor, keysetPage } from "~/server/services/keyset";
import { escapeLike } from "~/server/services/search";

/** The columns of a shipment row in a list (the shipper's; drivers' lists drop the price). */
export const shipmentListSelect = {
  id: true,
  reference: true,
  status: true,
  pickupCity: true,
  dropoffCity: true,
  pickupWindowStart: true,
  dropoffWindowEnd: true,
  // Each stop's IANA zone: windows are shown in the dock's local time (null on rows from before zones were stored).
  pickupTimeZone: true,
  dropoffTimeZone: true,
  priceCents: true,
  currency: true,
  createdAt: true,
} satisfies Prisma.ShipmentSelect;

/**
 * A `where` fragment for a free-text search over what a person remembers of a shipment: part of its reference
 * (`TT-7K3F9Q`, any case) or of its pick-up or drop-off city ("york" finds New York), case-insensitive,
 * trimmed, `%` and `_` matched literally (escapeLike); `{}` for an empty search. Plain ILIKE, so it runs the same
 * on PostgreSQL and PGlite.
 */
export function shipmentSearchWhere(search: string | undefined): Prisma.ShipmentWhereInput {
  const q = search?.trim();
  if (!q) return {};
  return {
    OR: [
      { reference: { contains: escapeLike(q.toUpperCase()) } },
      { pickupCity: { contains: escapeLike(q), mode: "insensitive" } },
      { dropoffCity: { contains: escapeLike(q), mode: "insensitive" } },
    ],
  };
}

/**
 * One page (`limit` rows, newest created first) of the shipper's shipments, filtered by status, creation instant
 * (`from`/`to`, inclusive, UTC instants), and `search` (see `shipmentSearchWhere`). `nextCursor` continues after
 * the page's last row, or is null on the last page.
 *
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
export async function listShipperShipments(opts: {
  shipperId: string;
  status?: ShipmentStatus;
  from?: Date;
  to?: Date;
  search?: string;
  cursor?: string | null;
  limit: number;
}) {
  const where: Prisma.ShipmentWhereInput = {
    shipperId: opts.shipperId,
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.from || opts.to
      ? { createdAt: { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lte: opts.to } : {}) } }
      : {}),
    AND: [shipmentSearchWhere(opts.search), afterCursor(opts.cursor, "createdAt")],
  };
  const rows = await db.shipment.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    select: shipmentListSelect,
  });
  return keysetPage(rows, opts.limit, (row) => row.createdAt);
}
