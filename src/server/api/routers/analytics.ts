// Analytics for every role (issue 14 §2): each procedure reads the caller's own figures from the daily roll-up
// (src/server/services/analytics). Days are UTC; money is integer cents (USD); distances miles; durations seconds.
import { ZAnalyticsRangeSchema } from "~/lib/schemas/analytics";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { driverAnalytics } from "~/server/services/analytics/driver-analytics";
import { platformAnalytics } from "~/server/services/analytics/platform-analytics";
import { shipperAnalytics } from "~/server/services/analytics/shipper-analytics";

export const analyticsRouter = createTRPCRouter({
  /**
   * The caller's (a shipper's) spend per week and month, shipments by status, on-time rates, mean time to find a
   * driver and top lanes with cost per mile, over `{ from, to }` (YYYY-MM-DD UTC, inclusive, at most 366 days).
   * BAD_REQUEST with field messages for a bad range.
   */
  shipper: roleProcedure("SHIPPER")
    .input(ZAnalyticsRangeSchema)
    .query(({ ctx, input }) => shipperAnalytics({ shipperId: ctx.session.user.id, range: input })),

  /**
   * The caller's (a driver's) earnings per week, loaded and estimated empty miles, on-time rates, rating and best
   * lanes over `{ from, to }` as above.
   */
  driver: roleProcedure("DRIVER")
    .input(ZAnalyticsRangeSchema)
    .query(({ ctx, input }) => driverAnalytics({ driverId: ctx.session.user.id, range: input })),

  /**
   * The platform's GMV, revenue and take rate, posted/accepted/delivered per day, time to fill, on-time rates,
   * active drivers and shippers and cancellations by reason over `{ from, to }`, with the previous period of the
   * same length. Admins only.
   */
  admin: roleProcedure("ADMIN")
    .input(ZAnalyticsRangeSchema)
    .query(({ input }) => platformAnalytics({ range: input })),
});
