// What the billing page's plan section shows: the plan in force, the subscription behind it, this month's usage
// against the limit, and the plans on offer.
import { PLAN_ORDER, PLANS, type TPlan } from "~/lib/plans";
import { db } from "~/server/db";
import { currentPlan, type TCurrentPlan } from "./current-plan";
import { monthStartUtc } from "./plan-limit";

export type TPlanOverview = TCurrentPlan & {
  /** Shipments posted since `monthStart` (UTC calendar month) and the plan's limit (null: none). */
  usage: { posted: number; limit: number | null; monthStart: Date };
  plans: TPlan[];
  /** False when Stripe is not configured: plans cannot be bought, everyone is on Free. */
  paymentsEnabled: boolean;
  /** True once the shipper has a Stripe customer: Manage billing has something to open. */
  hasBillingAccount: boolean;
};

/** The plan overview for shipper `userId` at `now` (default: the current instant). Never throws for a known user. */
export async function getPlanOverview(opts: {
  userId: string;
  paymentsEnabled: boolean;
  now?: Date;
}): Promise<TPlanOverview> {
  const now = opts.now ?? new Date();
  const monthStart = monthStartUtc(now);
  const [current, posted, user] = await Promise.all([
    currentPlan(opts.userId),
    db.shipment.count({ where: { shipperId: opts.userId, postedAt: { gte: monthStart } } }),
    db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { stripeCustomerId: true } }),
  ]);
  return {
    ...current,
    usage: { posted, limit: PLANS[current.plan].monthlyShipmentLimit, monthStart },
    plans: PLAN_ORDER.map((id) => PLANS[id]),
    paymentsEnabled: opts.paymentsEnabled,
    hasBillingAccount: user.stripeCustomerId !== null,
  };
}
