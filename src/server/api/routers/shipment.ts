import { platformFeeBpsFor } from "~/server/services/subscriptions/current-plan";
import { z } from "zod";

import { ZInt } from "~/lib/schemas/primitives";
import {
  ZQuoteInputSchema,
  ZReasonSchema,
  ZShipmentIdSchema,
  ZShipmentInputSchema,
  ZShipmentListSchema,
} from "~/lib/schemas/shipment";
import { createTRPCRouter, protectedProcedure, roleProcedure } from "~/server/api/trpc";
import { createShipment, updateShipment } from "~/server/services/shipments/create-shipment";
import { cancelShipment, confirmDelivery } from "~/server/services/shipments/lifecycle";
import { postShipment } from "~/server/services/shipments/post-shipment";
import { getShipment } from "~/server/services/shipments/get-shipment";
import { getShipmentChangesSince } from "~/server/services/shipments/get-shipment-changes-since";
import { priceLane } from "~/server/services/shipments/price-lane";
import { listShipperShipments } from "~/server/services/shipments/list-shipper-shipments";

const shipperProcedure = roleProcedure("SHIPPER");

export const shipmentRouter = createTRPCRouter({
  /**
   * The live preview, priced as the stored shipment is (priceLane): by the road route when a Google key is set, else
   * the great-circle estimate, with `estimate` and `routeNote` saying which. Cents (USD), km, minutes.
   */
  quote: protectedProcedure.input(ZQuoteInputSchema).query(async ({ ctx, input }) =>
    priceLane({
      pickup: input.pickup,
      dropoff: input.dropoff,
      weightKg: input.weightKg,
      vehicleType: input.vehicleType,
      // A shipper sees the fee of their own plan; others the default (Free's).
      platformFeeBps: ctx.session.user.role === "SHIPPER" ? await platformFeeBpsFor(ctx.session.user.id) : undefined,
      outside: ctx.outside,
    }),
  ),

  create: shipperProcedure
    .input(z.object({ shipment: ZShipmentInputSchema, post: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      createShipment({
        shipperId: ctx.session.user.id,
        emailVerified: ctx.session.user.emailVerified,
        input: input.shipment,
        post: input.post,
        stripe: ctx.stripe,
        outside: ctx.outside,
      }),
    ),

  update: shipperProcedure
    .input(ZShipmentIdSchema.extend({ version: ZInt("Missing version.").min(0), shipment: ZShipmentInputSchema }))
    .mutation(({ ctx, input }) =>
      updateShipment({
        shipperId: ctx.session.user.id,
        id: input.id,
        version: input.version,
        input: input.shipment,
        outside: ctx.outside,
        stripe: ctx.stripe,
      }),
    ),

  post: shipperProcedure.input(ZShipmentIdSchema).mutation(({ ctx, input }) =>
    postShipment({
      shipperId: ctx.session.user.id,
      emailVerified: ctx.session.user.emailVerified,
      id: input.id,
      requirePaid: !!ctx.stripe,
    }),
  ),

  cancel: shipperProcedure
    .input(ZShipmentIdSchema.extend({ reason: ZReasonSchema }))
    .mutation(({ ctx, input }) => cancelShipment({ viewer: ctx.session.user, id: input.id, reason: input.reason })),

  confirm: shipperProcedure
    .input(ZShipmentIdSchema)
    .mutation(({ ctx, input }) => confirmDelivery({ viewer: ctx.session.user, id: input.id })),

  list: shipperProcedure
    .input(ZShipmentListSchema)
    .query(({ ctx, input }) => listShipperShipments({ shipperId: ctx.session.user.id, ...input })),

  get: protectedProcedure.input(ZShipmentIdSchema).query(({ ctx, input }) => getShipment(ctx.session.user, input.id)),

  /** Catch-up after a (re)connect or a `status` event: `{ changed: false }` or the shipment as `get` returns it. */
  changesSince: protectedProcedure
    .input(ZShipmentIdSchema.extend({ sinceVersion: ZInt("Missing version.").min(0) }))
    .query(({ ctx, input }) => getShipmentChangesSince(ctx.session.user, input.id, input.sinceVersion)),
});
