// Stripe's webhook endpoint: the raw body and its Stripe-Signature go to handleStripeWebhook, which verifies,
// records the event id once and hands the event to Inngest (services/payments/handle-stripe-webhook.ts), then
// answers at once. The effects are applied by inngest/functions/apply-stripe-event.ts, whose failed attempts are
// counted (services/webhooks/webhook-failures.ts), so one that keeps failing reaches the operations exceptions queue.
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { readCapped } from "~/server/http/read-capped";
import { handleStripeWebhook } from "~/server/services/payments/handle-stripe-webhook";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

/** Largest body read (bytes): Stripe's events are a few KB, rarely tens; 1 MiB is generous. */
const STRIPE_WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * POST a Stripe event (raw JSON, Stripe-Signature header) -> handleStripeWebhook's answer. A body over
 * STRIPE_WEBHOOK_MAX_BYTES is refused with 413 before its signature is checked (and read no further); a body that
 * cannot be read is 400.
 */
async function handlePost(req: Request) {
  const headers = { "Cache-Control": "no-store" };
  let payload: string | null;
  try {
    payload = await readCapped(req, STRIPE_WEBHOOK_MAX_BYTES);
  } catch {
    return Response.json({ error: "The request body could not be read." }, { status: 400, headers });
  }
  if (payload === null) {
    return Response.json({ error: "The request body is larger than 1 MiB." }, { status: 413, headers });
  }
  const result = await handleStripeWebhook({
    payload,
    signature: req.headers.get("stripe-signature"),
    stripe: stripeConfigFromEnv(),
  });
  return Response.json(result.body, { status: result.status, headers });
}

export const POST = withRequestLog("/api/webhooks/stripe", handlePost);
