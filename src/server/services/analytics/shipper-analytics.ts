// A shipper's own figures (issue 14 §2): spend, shipments by status, on-time rates, time to find a driver, lanes.
import { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import type { TAnalyticsRange } from "~/lib/schemas/analytics";
import { db } from "~/server/db";
import { dayString, daysSql, KM_PER_MILE, ratio, toRange } from "./read-days";

export type TLane = {
  origin: string;
  destination: string;
  delivered: number;
  /** Sum over the lane's delivered loads, cents: the shipper's price (shipper view) or the driver's pay (driver). */
  cents: number;
  miles: number;
  /** cents / miles, rounded; null when the lane has no distance. */
  centsPerMile: number | null;
};

export type TShipperAnalytics = {
  range: TAnalyticsRange;
  totals: {
    posted: number;
    accepted: number;
    delivered: number;
    cancelled: number;
    spendCents: number;
    /** Shares (0–1) of the loads delivered in the range; null when none were. */
    onTimePickupRate: number | null;
    onTimeDeliveryRate: number | null;
    /** Mean seconds from posting to a driver accepting, over loads accepted in the range; null when none were. */
    avgFillSeconds: number | null;
  };
  /** Spend of loads delivered in each ISO week (Monday, `YYYY-MM-DD`) / month (`YYYY-MM`) of the range. */
  spendByWeek: { week: string; spendCents: number; delivered: number }[];
  spendByMonth: { month: string; spendCents: number; delivered: number }[];
  /** The shipper's shipments created in the range, by status now. */
  byStatus: { status: ShipmentStatus; count: number }[];
  /** The ten lanes with the most loads delivered in the range. */
  topLanes: TLane[];
};

type TTotalsRow = {
  posted: number;
  accepted: number;
  delivered: number;
  cancelled: number;
  cents: bigint;
  fill: bigint;
  otp: number;
  otd: number;
};

/** Lanes of `scope` over `range`: top `limit` by loads delivered; `money` is the lane table's cents column. */
export async function lanes(
  sub: Prisma.Sql,
  money: "priceCents" | "payoutCents",
  orderBy: "delivered" | "cents",
  limit: number,
): Promise<TLane[]> {
  const rows = await db.$queryRaw<{ origin: string; destination: string; n: number; cents: bigint; km: number }[]>`
    SELECT origin, destination, sum(delivered)::int AS n, sum(${Prisma.raw(`"${money}"`)})::bigint AS cents,
      sum(km)::float8 AS km
    FROM (${sub}) d GROUP BY origin, destination
    ORDER BY ${orderBy === "delivered" ? Prisma.sql`n DESC, cents DESC` : Prisma.sql`cents DESC, n DESC`}, origin, destination
    LIMIT ${limit}`;
  return rows.map((r) => {
    const miles = r.km / KM_PER_MILE;
    const cents = Number(r.cents);
    return {
      origin: r.origin,
      destination: r.destination,
      delivered: r.n,
      cents,
      miles: Math.round(miles),
      centsPerMile: miles > 0 ? Math.round(cents / miles) : null,
    };
  });
}

/**
 * The analytics of shipper `shipperId` over `range` (UTC days, both ends included; today live), only their own
 * shipments. Money in integer cents (USD), distances in miles, durations in seconds. Throws nothing of its own.
 */
export async function shipperAnalytics(opts: {
  shipperId: string;
  range: TAnalyticsRange;
  now?: Date;
}): Promise<TShipperAnalytics> {
  const now = opts.now ?? new Date();
  const range = toRange(opts.range);
  const scope = { shipperId: opts.shipperId };
  const days = daysSql("shipper", range, scope, now);
  const [totals, weeks, months, statuses, topLanes] = await Promise.all([
    db.$queryRaw<TTotalsRow[]>`
      SELECT COALESCE(sum(posted), 0)::int AS posted, COALESCE(sum(accepted), 0)::int AS accepted,
        COALESCE(sum(delivered), 0)::int AS delivered, COALESCE(sum(cancelled), 0)::int AS cancelled,
        COALESCE(sum("spendCents"), 0)::bigint AS cents, COALESCE(sum("fillSeconds"), 0)::bigint AS fill,
        COALESCE(sum("onTimePickups"), 0)::int AS otp, COALESCE(sum("onTimeDeliveries"), 0)::int AS otd
      FROM (${days}) d`,
    db.$queryRaw<{ week: Date; cents: bigint; n: number }[]>`
      SELECT date_trunc('week', day)::date AS week, sum("spendCents")::bigint AS cents, sum(delivered)::int AS n
      FROM (${days}) d GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ month: Date; cents: bigint; n: number }[]>`
      SELECT date_trunc('month', day)::date AS month, sum("spendCents")::bigint AS cents, sum(delivered)::int AS n
      FROM (${days}) d GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ status: ShipmentStatus; n: number }[]>`
      SELECT status, count(*)::int AS n FROM "Shipment"
      WHERE "shipperId" = ${opts.shipperId} AND "createdAt" >= ${range.from} AND "createdAt" < ${range.to}
      GROUP BY status ORDER BY status`,
    lanes(daysSql("lane", range, scope, now), "priceCents", "delivered", 10),
  ]);
  const t = totals[0]!;
  return {
    range: opts.range,
    totals: {
      posted: t.posted,
      accepted: t.accepted,
      delivered: t.delivered,
      cancelled: t.cancelled,
      spendCents: Number(t.cents),
      onTimePickupRate: ratio(t.otp, t.delivered),
      onTimeDeliveryRate: ratio(t.otd, t.delivered),
      avgFillSeconds: t.accepted > 0 ? Math.round(Number(t.fill) / t.accepted) : null,
    },
    spendByWeek: weeks.map((w) => ({ week: dayString(w.week), spendCents: Number(w.cents), delivered: w.n })),
    spendByMonth: months.map((m) => ({
      month: dayString(m.month).slice(0, 7),
      spendCents: Number(m.cents),
      delivered: m.n,
    })),
    byStatus: statuses.map((s) => ({ status: s.status, count: s.n })),
    topLanes,
  };
}
