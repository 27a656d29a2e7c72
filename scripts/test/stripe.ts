// Integration tests start a Stripe stand-in per file; the app's Inngest functions read Stripe's configuration from
// the environment (stripeConfigFromEnv), fixed when the app loaded. This points them at the file's stand-in.
import { vi } from "vitest";

import * as stripeClient from "~/server/integrations/stripe/client";

/**
 * Until the returned function is called, the app's Inngest functions (webhook events, payouts, refunds) use Stripe
 * at `config`, as they would with STRIPE_* set to it. Call the returned function in `afterAll`.
 */
export function stripeForInngestFunctions(config: stripeClient.TStripeConfig): () => void {
  const spy = vi.spyOn(stripeClient, "stripeConfigFromEnv").mockReturnValue(config);
  return () => spy.mockRestore();
}
