// A driver's own work: the jobs in hand, the delivered history and the earnings. Drivers see their pay
// (`driverPayoutCents`), never what the shipper is charged.
import type { Prisma } from "~/generated/prisma/client";
import { activeStatuses, deliveredStatuses } from "~/lib/shipment-state";
import { db } from "~/server/db";
import { afterCursor, keysetPage } from "~/server/services/keyset";
import { shipmentListSelect } from "./list-shipper-shipments";

const { priceCents: _price, ...listShared } = shipmentListSelect;
const jobSelect = {
  ...listShared,
  driverPayoutCents: true,
  deliveredAt: true,
  dropoffWindowStart: true,
} satisfies Prisma.ShipmentSelect;

/** The page size of a driver's delivered jobs (the server-rendered first page and `driver.history`'s default). */
export const DRIVER_HISTORY_PAGE = 20;

/**
 * The driver's active jobs (assigned, picked up, in transit), earliest pick-up first, and the first page of their
 * delivered history (see `driverHistory`).
 */
export async function driverJobs(driverId: string) {
  const [active, history] = await Promise.all([
    db.shipment.findMany({
      where: { driverId, status: { in: [...activeStatuses] } },
      orderBy: { pickupWindowStart: "asc" },
      select: jobSelect,
    }),
    driverHistory({ driverId, limit: DRIVER_HISTORY_PAGE }),
  ]);
  return { active, history };
}

/**
 * Delivered and completed jobs, newest delivery first, in keyset pages on (deliveredAt desc, id desc): stable
 * while new deliveries land. `nextCursor` is null on the last page.
 *
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
export async function driverHistory(opts: { driverId: string; cursor?: string | null; limit: number }) {
  const rows = await db.shipment.findMany({
    where: {
      driverId: opts.driverId,
      status: { in: [...deliveredStatuses] },
      deliveredAt: { not: null },
      ...afterCursor(opts.cursor, "deliveredAt"),
    },
    orderBy: [{ deliveredAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    select: jobSelect,
  });
  return keysetPage(rows, opts.limit, (row) => row.deliveredAt);
}

/**
 * The driver's pay in integer cents (USD) and work done: all time (`totalCents`, `totalLoads`, `totalKm` rounded
 * to whole km) and over the last 7 × 24 h (`weekCents`, `weekLoads`), counting delivered and completed loads.
 */
export async function driverEarnings(driverId: string) {
  const delivered = { driverId, status: { in: [...deliveredStatuses] } };
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000);
  const [all, week] = await Promise.all([
    db.shipment.aggregate({ where: delivered, _sum: { driverPayoutCents: true, distanceKm: true }, _count: true }),
    db.shipment.aggregate({
      where: { ...delivered, deliveredAt: { gte: weekAgo } },
      _sum: { driverPayoutCents: true },
      _count: true,
    }),
  ]);
  return {
    totalCents: all._sum.driverPayoutCents ?? 0,
    totalLoads: all._count,
    totalKm: Math.round(all._sum.distanceKm ?? 0),
    weekCents: week._sum.driverPayoutCents ?? 0,
    weekLoads: week._count,
    currency: "USD",
  };
}
