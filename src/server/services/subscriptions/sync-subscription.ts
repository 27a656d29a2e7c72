// A shipper's plan follows Stripe (issue 13 §2): every subscription event re-reads the Subscription from Stripe and
// writes what Stripe holds now. The webhook payload only says which subscription to read; its state is not trusted.
import type Stripe from "stripe";

import type { SubscriptionStatus } from "~/generated/prisma/enums";
import { planForLookupKey } from "~/lib/plans";
import type { TTx } from "../shipments/transition";

/** Stripe's subscription statuses in ours; unknown future words read as PAST_DUE (not in force, not ended). */
export function mapSubscriptionStatus(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case "active":
      return "ACTIVE";
    case "trialing":
      return "TRIALING";
    case "incomplete":
      return "INCOMPLETE";
    case "canceled":
    case "incomplete_expired":
      return "CANCELED";
    default:
      // past_due, unpaid, paused: the plan is not paid for, but the subscription is not over.
      return "PAST_DUE";
  }
}

/**
 * Inside the webhook's transaction: takes a per-subscription lock, re-reads subscription `id` from Stripe and upserts
 * its Subscription row (plan from the first item's price lookup key, mapped status, period end, cancel at period
 * end). Concurrent deliveries for one subscription queue on the lock, and each reads Stripe after the previous one
 * committed, so the last write is the newest state whatever order the events came in; replaying changes nothing.
 * Returns the shipper's user id, or null for a subscription that is not one of ours (unknown customer and no
 * `userId` metadata, or a price that is no plan). Stripe's errors propagate (the delivery answers 500 and is retried).
 */
export async function syncSubscriptionInTx(tx: TTx, stripe: Stripe, id: string): Promise<string | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`subscription:${id}`}))`;
  const sub = await stripe.subscriptions.retrieve(id);
  const item = sub.items.data[0];
  const plan = planForLookupKey(item?.price.lookup_key);
  if (!item || !plan) return null;
  const customerId = typeof sub.customer === "string" ? sub.customer : sub.customer.id;
  const byCustomer = await tx.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  const byMetadata =
    byCustomer || !sub.metadata.userId
      ? null
      : await tx.user.findFirst({
          where: { id: sub.metadata.userId, role: "SHIPPER", stripeCustomerId: null },
          select: { id: true },
        });
  const userId = byCustomer?.id ?? byMetadata?.id ?? null;
  if (!userId) return null;
  if (byMetadata) await tx.user.update({ where: { id: userId }, data: { stripeCustomerId: customerId } });
  const state = {
    plan,
    stripePriceId: item.price.id,
    status: mapSubscriptionStatus(sub.status),
    stripeStatus: sub.status,
    currentPeriodEnd: new Date(item.current_period_end * 1000),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
  await tx.subscription.upsert({
    where: { stripeSubscriptionId: sub.id },
    create: { userId, stripeSubscriptionId: sub.id, ...state },
    update: state,
  });
  return userId;
}
