// The posting limit of a shipper's plan (issue 13 §2): shipments posted in the current calendar month (UTC),
// counted when a shipper asks to post, before any payment, so nobody pays for a load the plan will not post.
import { AppError } from "~/lib/app-error";
import { PLANS } from "~/lib/plans";
import type { TTx } from "../shipments/transition";
import { currentPlan } from "./current-plan";

/** The first instant of `now`'s calendar month in UTC: the plan's counting window starts here. */
export function monthStartUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Shipments `shipperId` posted since the start of `now`'s UTC month (cancelled ones included: they were posted). */
export async function postedThisMonth(tx: TTx, shipperId: string, now: Date): Promise<number> {
  return tx.shipment.count({ where: { shipperId, postedAt: { gte: monthStartUtc(now) } } });
}

/** What the shipper sees when their plan's limit is reached. */
export function planLimitMessage(planName: string, limit: number, month: string): string {
  return `Your ${planName} plan allows ${limit} posted shipments a month and you have posted ${limit} in ${month} (UTC). Your draft is saved: upgrade your plan on the Billing page to post it now, or post it next month.`;
}

/**
 * Refuses a post that would go past the shipper's plan limit this month. Call inside the posting transaction after
 * locking the shipment row. Throws AppError PRECONDITION_FAILED with `fieldErrors.plan` (planLimitMessage); the
 * draft is untouched. Plans without a limit (Business) never throw.
 */
export async function assertWithinPlanLimit(tx: TTx, shipperId: string, now = new Date()): Promise<void> {
  const plan = PLANS[(await currentPlan(shipperId, tx)).plan];
  if (plan.monthlyShipmentLimit === null) return;
  const posted = await postedThisMonth(tx, shipperId, now);
  if (posted < plan.monthlyShipmentLimit) return;
  const month = now.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  const message = planLimitMessage(plan.name, plan.monthlyShipmentLimit, month);
  throw new AppError("PRECONDITION_FAILED", message, { fieldErrors: { plan: [message] } });
}
