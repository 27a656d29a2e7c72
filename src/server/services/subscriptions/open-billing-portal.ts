// "Manage billing": a Stripe Billing Portal session for the shipper's own customer, where they change their card
// or cancel their plan. What they do there reaches the app through webhooks (sync-subscription.ts).
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { stripeFailure } from "../payments/stripe-errors";
import { NO_PAYMENTS_MESSAGE } from "./start-plan-checkout";

/**
 * A Billing Portal URL for `userId`'s own Stripe customer (the caller's, never one named in the request), returning
 * to /shipper/billing. Throws AppError NOT_CONFIGURED without Stripe or when it fails, PRECONDITION_FAILED when the
 * user has no Stripe customer yet (nothing to manage before a first plan).
 */
export async function openBillingPortal(opts: {
  userId: string;
  stripe: TStripeConfig | null;
}): Promise<{ url: string }> {
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", NO_PAYMENTS_MESSAGE);
  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { stripeCustomerId: true } });
  if (!user.stripeCustomerId) {
    throw new AppError("PRECONDITION_FAILED", "There is no billing account to manage yet: choose a plan first.");
  }
  try {
    const session = await stripeClient(opts.stripe).billingPortal.sessions.create({
      customer: user.stripeCustomerId,
      return_url: `${env.APP_URL.replace(/\/$/, "")}/shipper/billing`,
    });
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}
