import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { ZShipmentIdSchema } from "~/lib/schemas/shipment";
import { getShipmentPayment } from "~/server/services/payments/get-shipment-payment";
import { startShipmentCheckout } from "~/server/services/payments/start-shipment-checkout";

export const paymentRouter = createTRPCRouter({
  /** Post a draft: Stripe Checkout's URL to pay on, or `{ kind: "posted" }` when no payment is needed. */
  checkout: roleProcedure("SHIPPER")
    .input(ZShipmentIdSchema)
    .mutation(({ ctx, input }) =>
      startShipmentCheckout({
        shipperId: ctx.session.user.id,
        emailVerified: ctx.session.user.emailVerified,
        id: input.id,
        stripe: ctx.stripe,
      }),
    ),

  /** The shipment's payment and refund state, for its shipper and admins. */
  forShipment: roleProcedure("SHIPPER", "ADMIN")
    .input(ZShipmentIdSchema)
    .query(({ ctx, input }) => getShipmentPayment(ctx.session.user, input.id)),
});
