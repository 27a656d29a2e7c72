// payment_intent.payment_failed: a card was declined on the Checkout page. The session stays open (the shipper can
// try another card there); we keep Stripe's message to show if they come back without paying.
import type Stripe from "stripe";

import type { TTx } from "../../shipments/transition";

export async function onPaymentIntentPaymentFailed(tx: TTx, event: Stripe.Event): Promise<string | null> {
  const pi = event.data.object as Stripe.PaymentIntent;
  const paymentId = pi.metadata.paymentId;
  if (!paymentId) return null;
  const message = pi.last_payment_error?.message ?? "The card was declined.";
  const updated = await tx.payment.updateManyAndReturn({
    where: { id: paymentId, status: "PENDING" },
    data: { failureMessage: message, stripePaymentIntentId: pi.id },
    select: { shipmentId: true },
  });
  return updated[0]?.shipmentId ?? null;
}
