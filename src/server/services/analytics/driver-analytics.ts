// A driver's own figures (issue 14 §2): earnings per week, loaded vs empty miles, on-time rate, rating, best lanes.
import type { TAnalyticsRange } from "~/lib/schemas/analytics";
import { db } from "~/server/db";
import { dayString, daysSql, KM_PER_MILE, ratio, toRange } from "./read-days";
import { lanes, type TLane } from "./shipper-analytics";

export type TDriverAnalytics = {
  range: TAnalyticsRange;
  totals: {
    accepted: number;
    delivered: number;
    earningsCents: number;
    /** Route miles of the loads delivered in the range. */
    loadedMiles: number;
    /** Estimated empty miles to reach those loads' pick-ups (great-circle; see roll-up.ts). */
    deadheadMiles: number;
    onTimePickupRate: number | null;
    onTimeDeliveryRate: number | null;
  };
  /** Pay of loads delivered in each ISO week (Monday, `YYYY-MM-DD`) of the range, with loaded and empty miles. */
  earningsByWeek: {
    week: string;
    earningsCents: number;
    delivered: number;
    loadedMiles: number;
    deadheadMiles: number;
  }[];
  /** Shippers' reviews of the driver (all time): mean of 1–5 stars; null when there are none. */
  rating: { average: number | null; count: number };
  /** The five lanes that paid the driver most in the range (`cents` is their pay). */
  bestLanes: TLane[];
};

/**
 * The analytics of driver `driverId` over `range` (UTC days, both ends included; today live), only their own jobs.
 * Money in integer cents (USD), distances in miles. Throws nothing of its own.
 */
export async function driverAnalytics(opts: {
  driverId: string;
  range: TAnalyticsRange;
  now?: Date;
}): Promise<TDriverAnalytics> {
  const now = opts.now ?? new Date();
  const range = toRange(opts.range);
  const scope = { driverId: opts.driverId };
  const days = daysSql("driver", range, scope, now);
  type TRow = { accepted: number; delivered: number; cents: bigint; km: number; dh: number; otp: number; otd: number };
  const [totals, weeks, profile, bestLanes] = await Promise.all([
    db.$queryRaw<TRow[]>`
      SELECT COALESCE(sum(accepted), 0)::int AS accepted, COALESCE(sum(delivered), 0)::int AS delivered,
        COALESCE(sum("earningsCents"), 0)::bigint AS cents, COALESCE(sum("loadedKm"), 0)::float8 AS km,
        COALESCE(sum("deadheadKm"), 0)::float8 AS dh, COALESCE(sum("onTimePickups"), 0)::int AS otp,
        COALESCE(sum("onTimeDeliveries"), 0)::int AS otd
      FROM (${days}) d`,
    db.$queryRaw<{ week: Date; cents: bigint; n: number; km: number; dh: number }[]>`
      SELECT date_trunc('week', day)::date AS week, sum("earningsCents")::bigint AS cents, sum(delivered)::int AS n,
        sum("loadedKm")::float8 AS km, sum("deadheadKm")::float8 AS dh
      FROM (${days}) d GROUP BY 1 ORDER BY 1`,
    db.driverProfile.findUnique({ where: { userId: opts.driverId }, select: { ratingAvg: true, ratingCount: true } }),
    lanes(daysSql("lane", range, scope, now), "payoutCents", "cents", 5),
  ]);
  const t = totals[0]!;
  const miles = (km: number) => Math.round(km / KM_PER_MILE);
  return {
    range: opts.range,
    totals: {
      accepted: t.accepted,
      delivered: t.delivered,
      earningsCents: Number(t.cents),
      loadedMiles: miles(t.km),
      deadheadMiles: miles(t.dh),
      onTimePickupRate: ratio(t.otp, t.delivered),
      onTimeDeliveryRate: ratio(t.otd, t.delivered),
    },
    earningsByWeek: weeks.map((w) => ({
      week: dayString(w.week),
      earningsCents: Number(w.cents),
      delivered: w.n,
      loadedMiles: miles(w.km),
      deadheadMiles: miles(w.dh),
    })),
    rating: {
      average: profile && profile.ratingCount > 0 ? Math.round(profile.ratingAvg * 100) / 100 : null,
      count: profile?.ratingCount ?? 0,
    },
    bestLanes,
  };
}
