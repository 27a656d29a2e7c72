// Upgrading a shipper's plan (issue 13 §2): Stripe Checkout in subscription mode for the plan's monthly price. The
// plan changes only when the verified webhooks say so (sync-subscription.ts), never on the browser's return.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { PLANS, type TPlanId } from "~/lib/plans";
import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { stripeFailure } from "../payments/stripe-errors";
import { ensureStripeCustomer } from "./stripe-customer";
import { planPrice } from "./plan-price";

/** Checkout Sessions for a plan live this long (Stripe allows 30 min to 24 h). */
export const PLAN_CHECKOUT_TTL_SECONDS = 60 * 60;
/** Repeated clicks within this window reuse one session (its idempotency key names the window). */
const CLICK_WINDOW_SECONDS = 10 * 60;

export const NO_PAYMENTS_MESSAGE = "Plans are not available: payments are not configured on this server.";

/**
 * The shipper `userId` asks to subscribe to `plan` (PRO or BUSINESS). Returns `{ url }`, Stripe Checkout's page in
 * subscription mode, for the plan's monthly price (USD cents, PLANS). The session's idempotency key is derived from
 * the user, the plan and a 10-minute window, so a doubled click opens one session. Throws AppError BAD_REQUEST (Free,
 * field `plan`), CONFLICT when a subscription is already live (change it through Manage billing), NOT_CONFIGURED
 * without Stripe or when Stripe refuses or cannot be reached.
 */
export async function startPlanCheckout(opts: {
  userId: string;
  plan: TPlanId;
  stripe: TStripeConfig | null;
  now?: Date;
}): Promise<{ url: string }> {
  if (opts.plan === "FREE") {
    throw new AppError("BAD_REQUEST", "The Free plan needs no checkout.", {
      fieldErrors: { plan: ["Choose Pro or Business."] },
    });
  }
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", NO_PAYMENTS_MESSAGE);
  const live = await db.subscription.findFirst({
    where: { userId: opts.userId, status: { in: ["ACTIVE", "TRIALING", "PAST_DUE"] } },
    select: { plan: true },
  });
  if (live) {
    throw new AppError(
      "CONFLICT",
      `You already have the ${PLANS[live.plan].name} plan. Use Manage billing to change your card or cancel it.`,
    );
  }
  const stripe = stripeClient(opts.stripe);
  const nowSec = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const windowStart = nowSec - (nowSec % CLICK_WINDOW_SECONDS);
  const base = env.APP_URL.replace(/\/$/, "");
  try {
    const [customer, price] = await Promise.all([
      ensureStripeCustomer(stripe, opts.userId),
      planPrice(stripe, opts.plan),
    ]);
    const metadata = { userId: opts.userId, plan: opts.plan };
    const session = await stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer,
        line_items: [{ price: price.id, quantity: 1 }],
        client_reference_id: opts.userId,
        metadata,
        subscription_data: { metadata },
        // From the window, not the clock: a retry sends the same parameters under the same key.
        expires_at: windowStart + CLICK_WINDOW_SECONDS + PLAN_CHECKOUT_TTL_SECONDS,
        success_url: `${base}/shipper/billing?checkout=success`,
        cancel_url: `${base}/shipper/billing?checkout=cancelled`,
      },
      { idempotencyKey: `plan-checkout:${opts.userId}:${opts.plan}:${windowStart}` },
    );
    if (!session.url) throw new AppError("NOT_CONFIGURED", "Stripe did not return a checkout page. Try again.");
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}
