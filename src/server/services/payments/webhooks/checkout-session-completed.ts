// checkout.session.completed: the shipper finished Checkout. Paid sessions post the shipment (markPaidInTx);
// an unpaid completion (delayed payment methods, which this app does not offer) changes nothing. Subscription-mode
// sessions are plans, not shipments: handle-stripe-webhook.ts syncs their subscription (subscription-events.ts).
import type Stripe from "stripe";

import type { TEmit } from "../../outbox/transaction-with-events";
import type { TTx } from "../../shipments/transition";
import { markPaidInTx } from "../mark-paid";

export async function onCheckoutSessionCompleted(tx: TTx, event: Stripe.Event, emit: TEmit): Promise<string | null> {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode === "subscription" || session.payment_status !== "paid") return null;
  return markPaidInTx(tx, emit, {
    paymentId: session.metadata?.paymentId ?? session.client_reference_id ?? null,
    checkoutSessionId: session.id,
    paymentIntentId:
      typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null),
    amountCents: session.amount_total ?? 0,
    currency: session.currency ?? "",
  });
}
