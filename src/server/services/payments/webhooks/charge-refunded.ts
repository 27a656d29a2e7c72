// charge.refunded: Stripe's word on how much of a charge is refunded, whoever refunded it (our cancellation
// refund, or someone in the Dashboard). The refunded total only grows, so a late or repeated event cannot undo one.
import type Stripe from "stripe";

import type { TTx } from "../../shipments/transition";

export async function onChargeRefunded(tx: TTx, event: Stripe.Event): Promise<string | null> {
  const charge = event.data.object as Stripe.Charge;
  const pi = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!pi) return null;
  const payment = await tx.payment.findUnique({
    where: { stripePaymentIntentId: pi },
    select: { id: true, shipmentId: true, refundedCents: true, amountCents: true },
  });
  if (!payment || charge.amount_refunded <= payment.refundedCents) return null;
  await tx.payment.update({
    where: { id: payment.id },
    data: {
      refundedCents: charge.amount_refunded,
      ...(charge.amount_refunded >= payment.amountCents ? { status: "REFUNDED" } : {}),
    },
  });
  await tx.shipment.update({ where: { id: payment.shipmentId }, data: { version: { increment: 1 } } });
  return payment.shipmentId;
}
