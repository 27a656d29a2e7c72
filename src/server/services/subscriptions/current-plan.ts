// Which plan a shipper is on right now, read from the Subscription rows the webhooks keep in step with Stripe
// (sync-subscription.ts): the plan, its state for the billing page's banner, and the figures that follow from it.
import type { ShipperPlan, SubscriptionStatus } from "~/generated/prisma/enums";
import { effectivePlan, PLANS } from "~/lib/plans";
import { db } from "~/server/db";
import type { TTx } from "../shipments/transition";

export type TPlanBanner = "past_due" | "canceled" | null;

export type TCurrentPlan = {
  /** The plan whose limits and fee apply now (Free unless a subscription is ACTIVE or TRIALING). */
  plan: ShipperPlan;
  /** The subscription behind it, if any: the plan paid for, its mapped status, period end, cancellation. */
  subscription: {
    plan: ShipperPlan;
    status: SubscriptionStatus;
    currentPeriodEnd: Date;
    cancelAtPeriodEnd: boolean;
  } | null;
  /** Why a paid plan is not in force: its last payment failed (past_due), or it ended (canceled). */
  banner: TPlanBanner;
};

/**
 * The shipper's subscription that decides their plan: a live one (any status but CANCELED, newest first), else the
 * most recently ended one, so a cancelled plan still explains the downgrade. Null when they never subscribed.
 */
async function decidingSubscription(client: TTx | typeof db, userId: string) {
  const select = { plan: true, status: true, currentPeriodEnd: true, cancelAtPeriodEnd: true } as const;
  return (
    (await client.subscription.findFirst({
      where: { userId, status: { not: "CANCELED" } },
      orderBy: { createdAt: "desc" },
      select,
    })) ??
    (await client.subscription.findFirst({
      where: { userId, status: "CANCELED" },
      orderBy: { updatedAt: "desc" },
      select,
    }))
  );
}

/**
 * The plan `userId` is on now (issue 13 §2): a PAST_DUE, INCOMPLETE or CANCELED subscription gives Free's limits
 * and fee, with `banner` saying why. Reads inside `tx` when given (the posting limit's check), else the pool.
 */
export async function currentPlan(userId: string, tx?: TTx): Promise<TCurrentPlan> {
  const sub = await decidingSubscription(tx ?? db, userId);
  const plan = effectivePlan(sub);
  const banner: TPlanBanner =
    !sub || plan !== "FREE"
      ? null
      : sub.status === "PAST_DUE"
        ? "past_due"
        : sub.status === "CANCELED"
          ? "canceled"
          : null;
  return { plan, subscription: sub, banner };
}

/** The platform fee, in basis points, on `userId`'s shipments priced now (their plan's, PLANS in src/lib/plans.ts). */
export async function platformFeeBpsFor(userId: string): Promise<number> {
  return PLANS[(await currentPlan(userId)).plan].platformFeeBps;
}
