// `stripe/webhook.received` -> the recorded Stripe event's effects (issue 13 §5): posting a paid load, syncing a
// plan, a Connect account, a refund. Idempotent: the event is claimed in the transaction of its effects
// (services/payments/apply-stripe-event.ts), so a retried or repeated run applies it once. A failing attempt is
// counted (services/webhooks/webhook-failures.ts) and retried by Inngest with back-off (four retries).
import { NonRetriableError } from "inngest";

import { inngest } from "../client";
import { stripeWebhookReceived } from "../events";
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { applyStripeEventCounted } from "~/server/services/webhooks/webhook-failures";

export const applyStripeEventFn = inngest.createFunction(
  { id: "apply-stripe-event", triggers: [stripeWebhookReceived] },
  async ({ event, step }) =>
    step.run("apply", async () => {
      const stripe = stripeConfigFromEnv();
      if (!stripe) throw new NonRetriableError("Stripe is not configured: the event stays recorded, unapplied.");
      return applyStripeEventCounted({ stripeEventId: event.data.stripeEventId, stripe });
    }),
);
