// The posting limit of a shipper's plan (issue 13 §2): shipments posted in the current calendar month (UTC),
// counted when a shipper asks to post, before any payment, so nobody pays for a load the plan will not post. A
// checkout still open for another draft holds its place (it posts when paid, unchecked), and one shipper's checks
// take turns on a lock, so concurrent checkouts cannot each find the last place free.
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
 * How long an unpaid checkout holds its place, in milliseconds: the life of its Checkout Session (CHECKOUT_TTL_SECONDS
 * in payments/start-shipment-checkout.ts, one hour), whose expiry is counted from the payment row's creation.
 */
export const OPEN_CHECKOUT_HOLD_MS = 60 * 60 * 1000;

/**
 * Drafts of `shipperId` other than `exceptShipmentId` that hold a place this month without being posted yet: a
 * checkout started within OPEN_CHECKOUT_HOLD_MS and neither paid, expired nor failed (its webhook would post it), or
 * a payment that succeeded while the draft waits for its post.
 */
export async function reservedByCheckouts(
  tx: TTx,
  shipperId: string,
  now: Date,
  exceptShipmentId: string | null,
): Promise<number> {
  return tx.shipment.count({
    where: {
      shipperId,
      status: "DRAFT",
      ...(exceptShipmentId ? { id: { not: exceptShipmentId } } : {}),
      payments: {
        some: {
          refundStatus: null,
          OR: [
            { status: "SUCCEEDED" },
            { status: "PENDING", createdAt: { gt: new Date(now.getTime() - OPEN_CHECKOUT_HOLD_MS) } },
          ],
        },
      },
    },
  });
}

/**
 * Refuses a post that would go past the shipper's plan limit this month: shipments posted since the month began
 * (UTC) plus other drafts whose checkout holds a place (reservedByCheckouts; `shipmentId` is the draft being posted,
 * whose own checkout is not counted against it). Call inside the posting transaction after locking the shipment row
 * and before creating a payment: it takes a per-shipper transaction lock, so one shipper's concurrent posts and
 * checkouts are counted one after the other, each seeing the payments the earlier ones committed. Throws AppError
 * PRECONDITION_FAILED with `fieldErrors.plan` (planLimitMessage, plus how many checkouts are open); the draft is
 * untouched. Plans without a limit (Business) never throw and take no lock.
 */
export async function assertWithinPlanLimit(
  tx: TTx,
  shipperId: string,
  now = new Date(),
  shipmentId: string | null = null,
): Promise<void> {
  const plan = PLANS[(await currentPlan(shipperId, tx)).plan];
  if (plan.monthlyShipmentLimit === null) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`plan-limit:${shipperId}`}))`;
  const posted = await postedThisMonth(tx, shipperId, now);
  const reserved = posted < plan.monthlyShipmentLimit ? await reservedByCheckouts(tx, shipperId, now, shipmentId) : 0;
  if (posted + reserved < plan.monthlyShipmentLimit) return;
  const month = now.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  const message =
    reserved === 0
      ? planLimitMessage(plan.name, plan.monthlyShipmentLimit, month)
      : `Your ${plan.name} plan allows ${plan.monthlyShipmentLimit} posted shipments a month: you have posted ${posted} in ${month} (UTC) and ${reserved} more ${reserved === 1 ? "is" : "are"} being paid for. Your draft is saved: finish or let an open checkout lapse (within an hour), upgrade your plan on the Billing page, or post it next month.`;
  throw new AppError("PRECONDITION_FAILED", message, { fieldErrors: { plan: [message] } });
}
