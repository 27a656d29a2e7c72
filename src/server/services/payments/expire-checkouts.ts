// Checkout sessions the app no longer wants paid (the draft was re-priced, or a new session replaced one about to
// close) are expired at Stripe, so the hosted page of the old price refuses the card instead of taking a second
// payment (breaker pass: a shipper paid an old and a new session for one load). Best effort: a session Stripe has
// already completed or expired stays as it is, and a payment that still arrives is refunded in full by
// mark-paid.ts (it does not match the load's price, or the load is already paid).
import { logger } from "~/server/log/logger";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";

/**
 * Expires each open Checkout Session in `sessionIds` (`cs_…`) through Stripe's `POST /v1/checkout/sessions/:id/expire`.
 * Never throws: a refusal (already complete or expired) or an unreachable Stripe is logged and skipped, because the
 * database already marked those payments EXPIRED and mark-paid refunds any that is paid after all. Does nothing
 * without a Stripe configuration.
 */
export async function expireReplacedCheckouts(sessionIds: string[], stripe: TStripeConfig | null): Promise<void> {
  if (!stripe) return;
  await Promise.all(
    sessionIds.map(async (id) => {
      try {
        await stripeClient(stripe).checkout.sessions.expire(id);
      } catch (error) {
        logger.info({ sessionId: id, err: error }, "replaced checkout session not expired at Stripe");
      }
    }),
  );
}
