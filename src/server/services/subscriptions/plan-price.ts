// The Stripe Price behind each paid plan, found by its lookup key (src/lib/plans.ts), so the same code runs against
// Stripe's test mode, live mode and the stand-in without price ids in the configuration.
import type Stripe from "stripe";

import { AppError } from "~/lib/app-error";
import { PLANS, type TPlanId } from "~/lib/plans";

/**
 * The active recurring monthly Price for `plan` (PRO or BUSINESS) in USD: the one holding the plan's lookup key when
 * its amount is still the plan's, else a new one created with its product, taking the lookup key over
 * (`transfer_lookup_key`). The creation's idempotency key is the lookup key and amount, so racing requests create
 * one price. Throws AppError BAD_REQUEST for Free (it has no price); Stripe's errors propagate.
 */
export async function planPrice(stripe: Stripe, plan: TPlanId): Promise<Stripe.Price> {
  const p = PLANS[plan];
  if (!p.lookupKey)
    throw new AppError("BAD_REQUEST", "The Free plan has nothing to pay.", {
      fieldErrors: { plan: ["Choose Pro or Business."] },
    });
  const found = await stripe.prices.list({ lookup_keys: [p.lookupKey], active: true, limit: 1 });
  const price = found.data[0];
  if (
    price &&
    price.unit_amount === p.monthlyPriceCents &&
    price.currency === "usd" &&
    price.recurring?.interval === "month"
  ) {
    return price;
  }
  return stripe.prices.create(
    {
      currency: "usd",
      unit_amount: p.monthlyPriceCents,
      recurring: { interval: "month" },
      lookup_key: p.lookupKey,
      transfer_lookup_key: true,
      product_data: { name: `Trial Transport ${p.name}`, metadata: { plan } },
      metadata: { plan },
    },
    { idempotencyKey: `plan-price:${p.lookupKey}:${p.monthlyPriceCents}` },
  );
}
