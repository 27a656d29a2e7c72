// Switching a live plan in place (Pro <-> Business, issue 13 §2): the subscription's one item moves to the other
// plan's price with proration invoiced at once (`always_invoice`): an upgrade charges the unused share of the
// period at the new price minus the old one's credit; a downgrade leaves a credit for the next invoice. The row is
// re-read from Stripe afterwards (sync-subscription.ts), as a webhook would, so the page shows the new plan at once.
import { AppError } from "~/lib/app-error";
import type { TPlanId } from "~/lib/plans";
import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { publishPlanChanged } from "~/server/realtime/publish-plan-changed";
import { stripeFailure } from "../payments/stripe-errors";
import { planPrice } from "./plan-price";
import { NO_PAYMENTS_MESSAGE } from "./start-plan-checkout";
import { syncSubscriptionInTx } from "./sync-subscription";

/** What a shipper reads when Stripe refuses or cannot be reached during a switch (Stripe's reason is logged). */
export const PLAN_CHANGE_FAILED =
  "Your plan could not be changed right now: nothing was charged and your plan is as it was. Try again in a minute, or contact us if it keeps failing.";

/**
 * Moves `userId`'s live subscription (ACTIVE or TRIALING) to `plan` (PRO or BUSINESS) now, with Stripe's
 * proration invoiced immediately and charged to the saved card (USD cents, per second of the period left). The
 * request's idempotency key names the subscription, its current price and the target plan, so a doubled click or a
 * second tab makes one change and one proration invoice. Returns `{ plan }` as synced from Stripe afterwards; a
 * subscription already on `plan` returns at once. Throws AppError BAD_REQUEST for Free (cancel in Manage billing
 * instead, field `plan`), PRECONDITION_FAILED without a live plan (a past-due one: fix the card first), and
 * NOT_CONFIGURED without Stripe or when Stripe refuses or cannot be reached.
 */
export async function changePlan(opts: {
  userId: string;
  plan: TPlanId;
  stripe: TStripeConfig | null;
}): Promise<{ plan: TPlanId }> {
  if (opts.plan === "FREE") {
    throw new AppError("BAD_REQUEST", "To go back to Free, cancel your plan in Manage billing.", {
      fieldErrors: { plan: ["Choose Pro or Business."] },
    });
  }
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", NO_PAYMENTS_MESSAGE);
  const live = await db.subscription.findFirst({
    where: { userId: opts.userId, status: { in: ["ACTIVE", "TRIALING"] } },
    orderBy: { createdAt: "desc" },
    select: { stripeSubscriptionId: true, plan: true },
  });
  if (!live) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "There is no plan in force to switch: choose a plan, or update your card in Manage billing first.",
    );
  }
  if (live.plan === opts.plan) return { plan: opts.plan };
  const stripe = stripeClient(opts.stripe);
  try {
    const [sub, price] = await Promise.all([
      stripe.subscriptions.retrieve(live.stripeSubscriptionId),
      planPrice(stripe, opts.plan),
    ]);
    const item = sub.items.data[0];
    if (!item) throw new AppError("NOT_CONFIGURED", "Stripe returned a subscription without a plan. Try again.");
    if (item.price.id !== price.id) {
      await stripe.subscriptions.update(
        sub.id,
        {
          items: [{ id: item.id, price: price.id }],
          proration_behavior: "always_invoice",
          metadata: { ...sub.metadata, plan: opts.plan },
        },
        { idempotencyKey: `plan-change:${sub.id}:${item.price.id}:${opts.plan}` },
      );
    }
    const userId = await db.$transaction((tx) => syncSubscriptionInTx(tx, stripe, sub.id));
    if (userId !== opts.userId) throw new AppError("NOT_CONFIGURED", "Stripe did not confirm the new plan. Try again.");
    // The shipper's other tabs.
    await publishPlanChanged(userId, sub.id);
  } catch (error) {
    throw stripeFailure(error, PLAN_CHANGE_FAILED);
  }
  const now = await db.subscription.findUniqueOrThrow({
    where: { stripeSubscriptionId: live.stripeSubscriptionId },
    select: { plan: true },
  });
  return { plan: now.plan };
}
