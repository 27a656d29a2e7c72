// Stripe's webhook endpoint: the raw body and its Stripe-Signature go to handleStripeWebhook, which verifies,
// records the event id once and hands the event to Inngest (services/payments/handle-stripe-webhook.ts), then
// answers at once. The effects are applied by inngest/functions/apply-stripe-event.ts, whose failed attempts are
// counted (services/webhooks/webhook-failures.ts), so one that keeps failing reaches the operations exceptions queue.
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { handleStripeWebhook } from "~/server/services/payments/handle-stripe-webhook";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

async function handlePost(req: Request) {
  const result = await handleStripeWebhook({
    payload: await req.text(),
    signature: req.headers.get("stripe-signature"),
    stripe: stripeConfigFromEnv(),
  });
  return Response.json(result.body, { status: result.status, headers: { "Cache-Control": "no-store" } });
}

export const POST = withRequestLog("/api/webhooks/stripe", handlePost);
