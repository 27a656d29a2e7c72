import { z } from "zod";

import { ZTrackingTokenSchema } from "~/lib/schemas/shipment";
import { shipmentStatuses } from "~/lib/shipment-state";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { getTracking } from "~/server/services/shipments/get-tracking";

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
  }),
]);

export const trackingRouter = createTRPCRouter({
  get: publicProcedure
    .input(z.object({ token: ZTrackingTokenSchema }))
    .output(ZTrackingSchema)
    .query(({ input }) => getTracking(input.token)),
});
