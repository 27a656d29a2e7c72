// A shipper's Stripe Customer: created once, its id kept on the user, so subscriptions, the portal and the invoice
// list all find the same customer.
import type Stripe from "stripe";

import { db } from "~/server/db";

/**
 * The Stripe customer id of `userId`, creating the Customer on first use (email and name from the user, metadata
 * `userId`) with the idempotency key `customer:<userId>`: a retried or concurrent first call creates one customer.
 * The id is stored only where none is yet, and the stored one is returned. Stripe's errors propagate.
 */
export async function ensureStripeCustomer(stripe: Stripe, userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, stripeCustomerId: true },
  });
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const customer = await stripe.customers.create(
    { email: user.email, name: user.name, metadata: { userId } },
    { idempotencyKey: `customer:${userId}` },
  );
  await db.user.updateMany({ where: { id: userId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const saved = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { stripeCustomerId: true } });
  return saved.stripeCustomerId ?? customer.id;
}
