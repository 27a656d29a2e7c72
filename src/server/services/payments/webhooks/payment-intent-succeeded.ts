// payment_intent.succeeded: the charge went through. It may arrive before checkout.session.completed; whichever
// comes first marks the payment paid and posts the shipment, the other only fills in ids (markPaidInTx).
import type Stripe from "stripe";

import type { TEmit } from "../../outbox/transaction-with-events";
import type { TTx } from "../../shipments/transition";
import { markPaidInTx } from "../mark-paid";

export async function onPaymentIntentSucceeded(tx: TTx, event: Stripe.Event, emit: TEmit): Promise<string | null> {
  const pi = event.data.object as Stripe.PaymentIntent;
  if (!pi.metadata.paymentId) return null; // not a shipment payment of ours
  return markPaidInTx(tx, emit, {
    paymentId: pi.metadata.paymentId,
    checkoutSessionId: null,
    paymentIntentId: pi.id,
    amountCents: pi.amount_received,
    currency: pi.currency,
  });
}
