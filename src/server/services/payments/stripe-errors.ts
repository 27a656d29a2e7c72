// How a failed Stripe call reaches the user: an AppError with words a shipper can act on, never Stripe's internals.
import Stripe from "stripe";

import { AppError } from "~/lib/app-error";

export const PAYMENTS_UNAVAILABLE =
  "Payments are unavailable right now. Your shipment is saved as a draft; try again in a minute.";

/** For any other Stripe call (plans, billing portal, payout accounts): says nothing of shipments or drafts. */
export const STRIPE_UNAVAILABLE =
  "Stripe could not do this right now: nothing was changed or charged. Try again in a minute.";

/**
 * Maps an error thrown by the Stripe SDK to AppError NOT_CONFIGURED: keys refused, or `unavailable` (the words for
 * the caller's context; STRIPE_UNAVAILABLE unless given, PAYMENTS_UNAVAILABLE for posting a shipment) for anything
 * else, Stripe's own message kept as the cause. An AppError passes through unchanged.
 */
export function stripeFailure(error: unknown, unavailable: string = STRIPE_UNAVAILABLE): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new AppError("NOT_CONFIGURED", "Payments are not set up correctly (Stripe refused the key).", {
      cause: error,
    });
  }
  return new AppError("NOT_CONFIGURED", unavailable, { cause: error });
}

/** True for Stripe's definite refusals (4xx): retrying the same request cannot succeed. */
export function isStripeRefusal(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeError &&
    typeof error.statusCode === "number" &&
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    error.statusCode !== 409 &&
    error.statusCode !== 429
  );
}
