import { z } from "zod";

import { ZIdSchema } from "~/lib/schemas/primitives";
import { ZTrackingTokenSchema } from "~/lib/schemas/shipment";
import { shipmentStatuses } from "~/lib/shipment-state";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "~/server/api/trpc";
import { getTracking } from "~/server/services/shipments/get-tracking";
import { listPositions, listPositionsByToken, POSITIONS_LIMIT_MAX } from "~/server/services/tracking/list-positions";

// Public: the output schema is the guarantee that no personal data leaves through this procedure.
export const ZTrackingSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("not-found") }),
  z.object({ state: z.literal("expired") }),
  z.object({
    state: z.literal("ok"),
    reference: z.string(),
    status: z.enum(shipmentStatuses),
    pickupCity: z.string(),
    dropoffCity: z.string(),
    etaAt: z.date().nullable(),
    deliveredAt: z.date().nullable(),
    progress: z.number().min(0).max(1),
    lastPosition: z.object({ lat: z.number(), lng: z.number(), at: z.date().nullable() }).nullable(),
    // The stops for the map, rounded to 0.01° (about 1 km): the area, never the address.
    pickupArea: z.object({ lat: z.number(), lng: z.number() }),
    dropoffArea: z.object({ lat: z.number(), lng: z.number() }),
    // Delivered, and the shipper lets the link show the cargo's photo (at /api/tracking/<token>/delivery-photo).
    deliveryPhoto: z.boolean(),
  }),
]);

/** The cursor of a trail read: `since` epoch ms (exclusive; absent = the latest window), `limit` 1–500. */
const ZPositionsCursorSchema = z.object({
  since: z
    .number({ error: "since is epoch milliseconds." })
    .int({ error: "since is epoch milliseconds." })
    .min(0, { error: "since is epoch milliseconds." })
    .nullish(),
  limit: z
    .number({ error: "limit is a number of points." })
    .int({ error: "limit is a whole number of points." })
    .min(1, { error: "Ask for at least 1 point." })
    .max(POSITIONS_LIMIT_MAX, { error: `Ask for at most ${POSITIONS_LIMIT_MAX} points.` })
    .optional(),
});

// Trail points only: coordinates, times, speed and heading; nothing about the people.
export const ZPositionsPageSchema = z.object({
  points: z.array(
    z.object({
      lat: z.number(),
      lng: z.number(),
      recordedAt: z.number(),
      speedKmh: z.number().nullable(),
      headingDeg: z.number().nullable(),
    }),
  ),
  hasMore: z.boolean(),
  etaAt: z.date().nullable(),
  lastPositionAt: z.date().nullable(),
});

export const trackingRouter = createTRPCRouter({
  get: publicProcedure
    .input(z.object({ token: ZTrackingTokenSchema }))
    .output(ZTrackingSchema)
    .query(({ input }) => getTracking(input.token)),

  /**
   * A shipment's trail for its shipper, its driver and admins (others: NOT_FOUND, as shipment.get). Without
   * `since` the latest `limit` (default 500) points, with `since` (epoch ms, exclusive) the first `limit` after it;
   * points ascending by `recordedAt` either way. See services/tracking/list-positions.ts.
   */
  positions: protectedProcedure
    .input(ZPositionsCursorSchema.extend({ shipmentId: ZIdSchema }))
    .output(ZPositionsPageSchema)
    .query(({ ctx, input }) => listPositions(ctx.session.user, input.shipmentId, input)),

  /**
   * The trail behind a public tracking link, signed out, no personal data; NOT_FOUND for an unknown or expired
   * token. Same cursor and output as `positions`.
   */
  positionsByToken: publicProcedure
    .input(ZPositionsCursorSchema.extend({ token: ZTrackingTokenSchema }))
    .output(ZPositionsPageSchema)
    .query(({ input }) => listPositionsByToken(input.token, input)),
});
