// The events that change a shipper's plan: which subscription each one concerns. The subscription itself is then
// re-read from Stripe inside the webhook's transaction (subscriptions/sync-subscription.ts); nothing else in the
// payload is used.
import type Stripe from "stripe";

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

type TSubscriptionOf = (stripe: Stripe, event: Stripe.Event) => Promise<string | null>;

/** The subscription named by the event's object (its own id). */
const ownId: TSubscriptionOf = async (_stripe, event) => (event.data.object as Stripe.Subscription).id;

/** An invoice's subscription, from the invoice as Stripe holds it (re-read, not from the payload). */
const invoiceSubscription: TSubscriptionOf = async (stripe, event) => {
  const invoiceId = (event.data.object as Stripe.Invoice).id;
  if (!invoiceId) return null;
  const invoice = await stripe.invoices.retrieve(invoiceId);
  return idOf(invoice.parent?.subscription_details?.subscription);
};

/** A completed subscription-mode Checkout Session's subscription, from the session re-read. */
const checkoutSubscription: TSubscriptionOf = async (stripe, event) => {
  const payload = event.data.object as Stripe.Checkout.Session;
  if (payload.mode !== "subscription") return null;
  return idOf((await stripe.checkout.sessions.retrieve(payload.id)).subscription);
};

/**
 * Per event type, how to find the subscription it concerns (null: none, the event is not about a plan):
 * checkout.session.completed (subscription mode), customer.subscription.created|updated|deleted, invoice.paid and
 * invoice.payment_failed. Idempotent by construction: the state written is read from Stripe, never from the event.
 */
export const subscriptionOfEvent: Partial<Record<Stripe.Event["type"], TSubscriptionOf>> = {
  "checkout.session.completed": checkoutSubscription,
  "customer.subscription.created": ownId,
  "customer.subscription.updated": ownId,
  "customer.subscription.deleted": ownId,
  "invoice.paid": invoiceSubscription,
  "invoice.payment_failed": invoiceSubscription,
};
