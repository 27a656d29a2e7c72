// The demo shippers' Business plans in Stripe: the seed (seed.ts) gives shipper@demo.test and shipper2@demo.test a
// Business subscription row, but Stripe (in `npm run dev`, its stand-in) is not running when the seed runs. This
// step, run once Stripe is up (`npm run dev` after starting the stand-ins; `npm run db:seed` when STRIPE_SECRET_KEY is
// a test key), gives each a real customer with Stripe's test card (pm_card_visa) and a Business subscription through
// the official SDK, and points the seeded row at it, its state then read back from Stripe (sync-subscription.ts): the
// plan switch, the invoices and the Billing Portal work for them, and the period ends a month from now, as Stripe
// says. Idempotent: a row whose subscription Stripe knows is left alone (the stand-in keeps its state in .data/stripe).
import Stripe from "stripe";

import type { PrismaClient } from "~/generated/prisma/client";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { planPrice } from "~/server/services/subscriptions/plan-price";
import { syncSubscriptionInTx } from "~/server/services/subscriptions/sync-subscription";

/** The seeded accounts that are Business customers (seed.ts). */
export const DEMO_SUBSCRIBERS = ["shipper@demo.test", "shipper2@demo.test"] as const;

/** Stripe's answer for an id it does not know (404 resource_missing), as opposed to any other failure. */
function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.statusCode === 404 && error.code === "resource_missing";
}

/** The customer behind `id` when Stripe has it (not deleted) and it has a default card; else null. */
async function usableCustomer(stripe: Stripe, id: string | null): Promise<Stripe.Customer | null> {
  if (!id) return null;
  try {
    const customer = await stripe.customers.retrieve(id);
    return !customer.deleted && customer.invoice_settings.default_payment_method ? customer : null;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * For each of DEMO_SUBSCRIBERS with a seeded subscription row: when Stripe does not know the row's subscription, a
 * Business subscription (USD, monthly, src/lib/plans.ts) for the user's Stripe customer (theirs when Stripe has it
 * with a card, else a new one with pm_card_visa, stored on the user), adopting an active one the customer already
 * has, and the row pointed at it and synced from Stripe (plan, price, status, period end). Stripe writes carry
 * idempotency keys from our ids (`seed-demo-customer:<userId>`, `seed-demo-subscription:<row id>`), so a run cut
 * off between Stripe and the database makes no second subscription. Returns the emails whose row it pointed at a
 * new or adopted subscription (`linked`) and those already in Stripe (`present`); users or rows not seeded are
 * skipped. Stripe's and the database's errors propagate.
 */
export async function seedDemoSubscriptions(
  client: PrismaClient,
  stripe: Stripe,
): Promise<{ linked: string[]; present: string[] }> {
  const linked: string[] = [];
  const present: string[] = [];
  for (const email of DEMO_SUBSCRIBERS) {
    const user = await client.user.findUnique({
      where: { email },
      select: { id: true, email: true, name: true, stripeCustomerId: true },
    });
    if (!user) continue;
    const row = await client.subscription.findFirst({
      where: { userId: user.id },
      orderBy: { createdAt: "desc" },
      select: { id: true, stripeSubscriptionId: true },
    });
    if (!row) continue;
    try {
      await stripe.subscriptions.retrieve(row.stripeSubscriptionId);
      present.push(email);
      continue;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const price = await planPrice(stripe, "BUSINESS");
    const customer =
      (await usableCustomer(stripe, user.stripeCustomerId)) ??
      (await stripe.customers.create(
        {
          email: user.email,
          name: user.name,
          metadata: { userId: user.id },
          payment_method: "pm_card_visa",
          invoice_settings: { default_payment_method: "pm_card_visa" },
        },
        { idempotencyKey: `seed-demo-customer:${user.id}` },
      ));
    const existing = await stripe.subscriptions.list({ customer: customer.id, price: price.id, status: "active" });
    const subscription =
      existing.data[0] ??
      (await stripe.subscriptions.create(
        {
          customer: customer.id,
          items: [{ price: price.id }],
          metadata: { userId: user.id, plan: "BUSINESS" },
          payment_behavior: "error_if_incomplete",
        },
        { idempotencyKey: `seed-demo-subscription:${row.id}` },
      ));
    await client.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { stripeCustomerId: customer.id } });
      // A webhook may have written the new subscription's row already: then the seeded one goes.
      const synced = await tx.subscription.findUnique({
        where: { stripeSubscriptionId: subscription.id },
        select: { id: true },
      });
      if (synced && synced.id !== row.id) await tx.subscription.delete({ where: { id: row.id } });
      else await tx.subscription.update({ where: { id: row.id }, data: { stripeSubscriptionId: subscription.id } });
      await syncSubscriptionInTx(tx, stripe, subscription.id);
    });
    linked.push(email);
  }
  return { linked, present };
}

/**
 * The seed's step that needs Stripe, with `config` (null: not configured): runs seedDemoSubscriptions, or says in one
 * line why not. Only a test-mode key (`sk_test_…`) is used: the step subscribes with Stripe's test card. Never
 * throws: the rest of the demo works without it (the demo shippers' plan switch and portal do not).
 */
export async function seedDemoSubscriptionsWith(client: PrismaClient, config: TStripeConfig | null): Promise<void> {
  if (!config) {
    console.log(
      "Demo shippers' Business subscriptions not created in Stripe: STRIPE_SECRET_KEY is not set (`npm run dev` creates them in its Stripe stand-in).",
    );
    return;
  }
  if (!config.secretKey.startsWith("sk_test_")) {
    console.log("Demo shippers' Business subscriptions not created in Stripe: STRIPE_SECRET_KEY is not a test key.");
    return;
  }
  try {
    const { linked } = await seedDemoSubscriptions(client, stripeClient(config));
    if (linked.length > 0) console.log(`Subscribed ${linked.join(", ")} to Business in Stripe.`);
  } catch (error) {
    console.log(
      `Demo shippers' Business subscriptions not created in Stripe (${error instanceof Error ? error.message : String(error)}). They are created on the next run.`,
    );
  }
}
