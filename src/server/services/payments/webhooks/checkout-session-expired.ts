// checkout.session.expired: the shipper left Checkout without paying until it closed. The payment becomes EXPIRED
// and the shipment stays a DRAFT, labelled so (PaymentPanel); an expiry arriving after the payment changes nothing.
import type Stripe from "stripe";

import type { TTx } from "../../shipments/transition";

export async function onCheckoutSessionExpired(tx: TTx, event: Stripe.Event): Promise<string | null> {
  const session = event.data.object as Stripe.Checkout.Session;
  const payment = await tx.payment.findFirst({
    where: { OR: [{ stripeCheckoutSessionId: session.id }, { id: session.metadata?.paymentId ?? "" }] },
    select: { id: true, shipmentId: true },
  });
  if (!payment) return null;
  const { count } = await tx.payment.updateMany({
    where: { id: payment.id, status: "PENDING" },
    data: { status: "EXPIRED", checkoutUrl: null },
  });
  if (count === 0) return null;
  await tx.shipment.update({ where: { id: payment.shipmentId }, data: { version: { increment: 1 } } });
  return payment.shipmentId;
}
