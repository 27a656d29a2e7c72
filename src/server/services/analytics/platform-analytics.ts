// The platform's figures for admins (issue 14 §2), for a range and the period of the same length before it.
import type { TAnalyticsRange } from "~/lib/schemas/analytics";
import { db } from "~/server/db";
import { activeCountsSql, dayString, daysSql, liveDay, previousRange, ratio, toRange } from "./read-days";
import { platformLiveSql, type TPlatformLive, type TRange } from "./roll-up";

export type TPlatformTotals = {
  /** Price of the loads delivered, cents (gross merchandise value). */
  gmvCents: number;
  /** Platform fees of those loads, cents. */
  revenueCents: number;
  /** revenue / GMV (0–1); null without deliveries. */
  takeRate: number | null;
  posted: number;
  accepted: number;
  delivered: number;
  cancelled: number;
  /** Mean seconds from posting to acceptance over loads accepted; null when none were. */
  avgFillSeconds: number | null;
  onTimePickupRate: number | null;
  onTimeDeliveryRate: number | null;
  /** Drivers who accepted or delivered a load / shippers with any posted, accepted, delivered or cancelled load. */
  activeDrivers: number;
  activeShippers: number;
};

export type TPlatformAnalytics = {
  range: TAnalyticsRange;
  previous: TAnalyticsRange;
  totals: TPlatformTotals;
  previousTotals: TPlatformTotals;
  /** One entry per day of the range (days without activity included, as zeros). */
  perDay: { day: string; posted: number; accepted: number; delivered: number }[];
  /** Cancellations in the range by reason, most first (at most 10), with the previous period's count. */
  cancellations: { reason: string; count: number; previousCount: number }[];
};

type TDayRow = {
  day: Date;
  posted: number;
  accepted: number;
  delivered: number;
  cancelled: number;
  gmv: bigint;
  rev: bigint;
  fill: bigint;
  otp: number;
  otd: number;
};

/**
 * Every day of `range` (days without activity as zeros) with the platform roll-up's columns, and the active driver
 * and shipper counts: one read of the roll-up serves both the totals and the per-day chart. `live` is today's rows
 * (platformLiveSql), used when the range reaches today.
 */
async function periodOf(
  range: TRange,
  now: Date,
  live: TPlatformLive | null,
): Promise<{ days: TDayRow[]; totals: TPlatformTotals }> {
  const withLive = liveDay(range, now) ? live : null;
  const [days, active] = await Promise.all([
    db.$queryRaw<TDayRow[]>`
      SELECT g.day::date AS day, COALESCE(d.posted, 0)::int AS posted, COALESCE(d.accepted, 0)::int AS accepted,
        COALESCE(d.delivered, 0)::int AS delivered, COALESCE(d.cancelled, 0)::int AS cancelled,
        COALESCE(d."gmvCents", 0)::bigint AS gmv, COALESCE(d."revenueCents", 0)::bigint AS rev,
        COALESCE(d."fillSeconds", 0)::bigint AS fill, COALESCE(d."onTimePickups", 0)::int AS otp,
        COALESCE(d."onTimeDeliveries", 0)::int AS otd
      FROM generate_series(${range.from}::date, ${range.to}::date - 1, interval '1 day') g(day)
      LEFT JOIN (${daysSql("platform", range, {}, now, withLive?.platform)}) d ON d.day = g.day::date
      ORDER BY 1`,
    db.$queryRaw<{ drivers: number; shippers: number }[]>(activeCountsSql(range, now, withLive)),
  ]);
  const t = { posted: 0, accepted: 0, delivered: 0, cancelled: 0, gmv: 0, rev: 0, fill: 0, otp: 0, otd: 0 };
  for (const d of days) {
    t.posted += d.posted;
    t.accepted += d.accepted;
    t.delivered += d.delivered;
    t.cancelled += d.cancelled;
    t.gmv += Number(d.gmv);
    t.rev += Number(d.rev);
    t.fill += Number(d.fill);
    t.otp += d.otp;
    t.otd += d.otd;
  }
  return {
    days,
    totals: {
      gmvCents: t.gmv,
      revenueCents: t.rev,
      takeRate: ratio(t.rev, t.gmv),
      posted: t.posted,
      accepted: t.accepted,
      delivered: t.delivered,
      cancelled: t.cancelled,
      avgFillSeconds: t.accepted > 0 ? Math.round(t.fill / t.accepted) : null,
      onTimePickupRate: ratio(t.otp, t.delivered),
      onTimeDeliveryRate: ratio(t.otd, t.delivered),
      activeDrivers: active[0]?.drivers ?? 0,
      activeShippers: active[0]?.shippers ?? 0,
    },
  };
}

/**
 * The platform's analytics over `range` (UTC days, both ends included; today live) and over the period of the same
 * length just before it. Money in integer cents (USD), durations in seconds. Throws nothing of its own.
 */
export async function platformAnalytics(opts: { range: TAnalyticsRange; now?: Date }): Promise<TPlatformAnalytics> {
  const now = opts.now ?? new Date();
  const range = toRange(opts.range);
  const prev = previousRange(range);
  // Today's shipments are read once and added to the stored days of the queries that reach today; the previous
  // period, which normally ends before today, is read meanwhile.
  const today = liveDay({ from: prev.from, to: range.to }, now);
  const liveRead = today
    ? db.$queryRaw<TPlatformLive[]>(platformLiveSql(today.from)).then((rows) => rows[0] ?? null)
    : Promise.resolve(null);
  const [current, previous, cancellations] = await Promise.all([
    liveRead.then((live) => periodOf(range, now, live)),
    liveDay(prev, now) ? liveRead.then((live) => periodOf(prev, now, live)) : periodOf(prev, now, null),
    liveRead.then(
      (live) => db.$queryRaw<{ reason: string; n: number; p: number }[]>`
      SELECT reason, sum(cancelled) FILTER (WHERE day >= ${range.from}::date)::int AS n,
        COALESCE(sum(cancelled) FILTER (WHERE day < ${range.from}::date), 0)::int AS p
      FROM (${daysSql("cancel", { from: prev.from, to: range.to }, {}, now, live?.cancel)}) d
      GROUP BY reason HAVING sum(cancelled) FILTER (WHERE day >= ${range.from}::date) > 0
      ORDER BY n DESC, reason LIMIT 10`,
    ),
  ]);
  const day = (d: Date) => dayString(d);
  return {
    range: opts.range,
    previous: { from: day(prev.from), to: day(new Date(prev.to.getTime() - 86_400_000)) },
    totals: current.totals,
    previousTotals: previous.totals,
    perDay: current.days.map((d) => ({
      day: day(d.day),
      posted: d.posted,
      accepted: d.accepted,
      delivered: d.delivered,
    })),
    cancellations: cancellations.map((c) => ({ reason: c.reason, count: c.n, previousCount: c.p })),
  };
}
