// Stripe's webhook endpoint: the raw body and its Stripe-Signature go to handleStripeWebhook, which verifies,
// records the event id once and applies it (services/payments/handle-stripe-webhook.ts). A handler that throws is
// answered 500 (Stripe retries) and counted against the event (services/webhooks/webhook-failures.ts), so one that
// keeps failing reaches the operations exceptions queue.
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { answerStripeWebhook } from "~/server/services/webhooks/webhook-failures";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

async function handlePost(req: Request) {
  const result = await answerStripeWebhook({
    payload: await req.text(),
    signature: req.headers.get("stripe-signature"),
    stripe: stripeConfigFromEnv(),
  });
  return Response.json(result.body, { status: result.status, headers: { "Cache-Control": "no-store" } });
}

export const POST = withRequestLog("/api/webhooks/stripe", handlePost);
