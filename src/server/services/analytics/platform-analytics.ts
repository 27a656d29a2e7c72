// The platform's figures for admins (issue 14 §2), for a range and the period of the same length before it.
import { Prisma } from "~/generated/prisma/client";
import type { TAnalyticsRange } from "~/lib/schemas/analytics";
import { db } from "~/server/db";
import {
  activeCountsSql,
  dayString,
  daysSql,
  liveDay,
  previousRange,
  ratio,
  toRange,
  type TPlatformLiveRef,
} from "./read-days";
import { platformLiveSql, type TRange } from "./roll-up";

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

/** A day of the platform roll-up as the period statement returns it (JSON: `day` is `YYYY-MM-DD`). */
type TDayRow = {
  day: string;
  posted: number;
  accepted: number;
  delivered: number;
  cancelled: number;
  gmv: number;
  rev: number;
  fill: number;
  otp: number;
  otd: number;
};

type TPeriodRow = { days: string; drivers: number; shippers: number; cancel: string | null };

/** Today's rows read once by the statement's `live` CTE (platformLiveSql), referenced where a query needs them. */
const liveRef: TPlatformLiveRef = {
  platform: Prisma.sql`(SELECT platform FROM live)`,
  cancel: Prisma.sql`(SELECT cancel FROM live)`,
  drivers: Prisma.sql`(SELECT drivers FROM live)`,
  shippers: Prisma.sql`(SELECT shippers FROM live)`,
};

/**
 * One statement (one round trip) for a period: every day of `range` (days without activity as zeros) with the
 * platform roll-up's columns, as JSON text `days`; the active driver and shipper counts; and when `cancelFrom` is
 * given, the ten most frequent cancellation reasons of `range` with their count from `cancelFrom` to `range.from`,
 * as JSON text `cancel`. Today's shipments, when the statement reaches today, are read once in a `live` CTE.
 */
function periodSql(range: TRange, now: Date, cancelFrom: Date | null): Prisma.Sql {
  const reach = cancelFrom ? { from: cancelFrom, to: range.to } : range;
  const today = liveDay(reach, now);
  const live = today ? liveRef : null;
  const rangeLive = liveDay(range, now) ? live : null;
  const days = Prisma.sql`
    SELECT g.day::date AS day, COALESCE(d.posted, 0)::int AS posted, COALESCE(d.accepted, 0)::int AS accepted,
      COALESCE(d.delivered, 0)::int AS delivered, COALESCE(d.cancelled, 0)::int AS cancelled,
      COALESCE(d."gmvCents", 0)::bigint AS gmv, COALESCE(d."revenueCents", 0)::bigint AS rev,
      COALESCE(d."fillSeconds", 0)::bigint AS fill, COALESCE(d."onTimePickups", 0)::int AS otp,
      COALESCE(d."onTimeDeliveries", 0)::int AS otd
    FROM generate_series(${range.from}::date, ${range.to}::date - 1, interval '1 day') g(day)
    LEFT JOIN (${daysSql("platform", range, {}, now, rangeLive?.platform)}) d ON d.day = g.day::date`;
  const cancel = cancelFrom
    ? Prisma.sql`(SELECT COALESCE(json_agg(c ORDER BY c.n DESC, c.reason), '[]') FROM (
        SELECT reason, sum(cancelled) FILTER (WHERE day >= ${range.from}::date)::int AS n,
          COALESCE(sum(cancelled) FILTER (WHERE day < ${range.from}::date), 0)::int AS p
        FROM (${daysSql("cancel", reach, {}, now, live?.cancel)}) d
        GROUP BY reason HAVING sum(cancelled) FILTER (WHERE day >= ${range.from}::date) > 0
        ORDER BY n DESC, reason LIMIT 10) c)::text`
    : Prisma.sql`NULL::text`;
  return Prisma.sql`${today ? Prisma.sql`WITH live AS MATERIALIZED (${platformLiveSql(today.from)})` : Prisma.empty}
    SELECT (SELECT COALESCE(json_agg(x ORDER BY x.day), '[]') FROM (${days}) x)::text AS days,
      a.drivers, a.shippers, ${cancel} AS cancel
    FROM (${activeCountsSql(range, now, rangeLive)}) a`;
}

/** A period's days and totals from its statement's row (periodSql). */
function periodOf(row: TPeriodRow): { days: TDayRow[]; totals: TPlatformTotals } {
  const days = JSON.parse(row.days) as TDayRow[];
  const t = { posted: 0, accepted: 0, delivered: 0, cancelled: 0, gmv: 0, rev: 0, fill: 0, otp: 0, otd: 0 };
  for (const d of days) {
    t.posted += d.posted;
    t.accepted += d.accepted;
    t.delivered += d.delivered;
    t.cancelled += d.cancelled;
    t.gmv += d.gmv;
    t.rev += d.rev;
    t.fill += d.fill;
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
      activeDrivers: row.drivers,
      activeShippers: row.shippers,
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
  // Two statements in parallel, one per period; the current one also reads today's shipments (once) and the
  // cancellations of both periods.
  const [currentRows, previousRows] = await Promise.all([
    db.$queryRaw<TPeriodRow[]>(periodSql(range, now, prev.from)),
    db.$queryRaw<TPeriodRow[]>(periodSql(prev, now, null)),
  ]);
  const current = periodOf(currentRows[0]!);
  const previous = periodOf(previousRows[0]!);
  const cancellations = JSON.parse(currentRows[0]!.cancel ?? "[]") as { reason: string; n: number; p: number }[];
  const day = (d: Date) => dayString(d);
  return {
    range: opts.range,
    previous: { from: day(prev.from), to: day(new Date(prev.to.getTime() - 86_400_000)) },
    totals: current.totals,
    previousTotals: previous.totals,
    perDay: current.days.map((d) => ({
      day: d.day,
      posted: d.posted,
      accepted: d.accepted,
      delivered: d.delivered,
    })),
    cancellations: cancellations.map((c) => ({ reason: c.reason, count: c.n, previousCount: c.p })),
  };
}
