// Stripe webhooks, exactly once (issue 13 §5), first half: the route's part. The raw body's signature is verified
// (300 s tolerance), the event is stored in StripeEvent under its id, and a `stripe/webhook.received` event is written
// to the outbox in the same transaction, so a duplicate delivery finds the id and does nothing, and a recorded event
// always reaches Inngest. The effects are applied by inngest/functions/apply-stripe-event.ts (apply-stripe-event.ts),
// with Inngest's retries, so the answer to Stripe never waits on a handler or on Stripe itself.
import Stripe from "stripe";

import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { transactionWithEvents } from "../outbox/transaction-with-events";

/**
 * Stripe's default: a signature older than this (seconds) is refused as a replay, and so is one dated more than this
 * ahead of our clock (the SDK's constructEvent checks only the age, so a future `t=` would stay valid for as long as
 * it lies ahead, plus the tolerance).
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The SDK's answer to a stale timestamp, given for a future one too: the caller cannot tell them apart. */
const OUTSIDE_TOLERANCE = "Timestamp outside the tolerance zone";

/**
 * True when any `t=` of a `Stripe-Signature` header (Unix seconds) is more than WEBHOOK_TOLERANCE_SECONDS ahead of
 * `nowMs` (milliseconds). Stripe signs with its own clock, so a small skew passes; an unparsable `t` is left to the
 * SDK, which refuses it.
 */
export function signedInTheFuture(signature: string, nowMs = Date.now()): boolean {
  const now = Math.floor(nowMs / 1000);
  return signature.split(",").some((item) => {
    const [key, value] = item.split("=");
    if (key?.trim() !== "t" || value === undefined) return false;
    const t = Number.parseInt(value, 10);
    return Number.isFinite(t) && t - now > WEBHOOK_TOLERANCE_SECONDS;
  });
}

/**
 * Transaction limits for recording one delivery, in milliseconds: the work is two inserts, but a burst of paid
 * events shares the connection pool with the runs applying the earlier ones (which queue on the invoice counter), so
 * Prisma's 2 s / 5 s defaults are too tight under load. Still well within Stripe's webhook timeout.
 */
const RECORD_TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 10_000 } as const;

export type TWebhookResult = { status: number; body: { received: boolean; duplicate?: boolean; error?: string } };

/**
 * Handles one delivery to `/api/webhooks/stripe`: `payload` is the raw request body (bytes as text, unparsed),
 * `signature` the `Stripe-Signature` header. Answers 200 `{ received: true }` when the event was recorded now and
 * handed to Inngest, 200 `{ received: true, duplicate: true }` when it had been already (nothing is written or sent),
 * 400 for a missing, forged, stale (older than WEBHOOK_TOLERANCE_SECONDS) or future-dated (more than
 * WEBHOOK_TOLERANCE_SECONDS ahead of our clock) signature, nothing stored, 503 when Stripe webhooks are
 * not configured. Rejects only when the database does (the route answers 500 and Stripe retries the delivery).
 */
export async function handleStripeWebhook(opts: {
  payload: string;
  signature: string | null;
  stripe: TStripeConfig | null;
}): Promise<TWebhookResult> {
  if (!opts.stripe?.webhookSecret) {
    return { status: 503, body: { received: false, error: "Stripe webhooks are not configured." } };
  }
  if (!opts.signature) return { status: 400, body: { received: false, error: "Missing Stripe-Signature header." } };
  let event: Stripe.Event;
  try {
    event = stripeClient(opts.stripe).webhooks.constructEvent(
      opts.payload,
      opts.signature,
      opts.stripe.webhookSecret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch (error) {
    const message =
      error instanceof Stripe.errors.StripeSignatureVerificationError ? error.message : "Invalid payload.";
    return { status: 400, body: { received: false, error: message } };
  }
  // A signature dated ahead of us: replayable until that time passes. Refused as a stale one is (breaker pass).
  if (signedInTheFuture(opts.signature)) {
    return { status: 400, body: { received: false, error: OUTSIDE_TOLERANCE } };
  }
  // Signed but not an event (no id or type): answered 400, never stored (breaker pass: it was a 500 on the insert).
  const shape = event as unknown as { id?: unknown; type?: unknown };
  if (typeof shape.id !== "string" || shape.id === "" || typeof shape.type !== "string" || shape.type === "") {
    return { status: 400, body: { received: false, error: "Invalid payload: an event needs an id and a type." } };
  }

  const recorded = await transactionWithEvents(async (tx, emit) => {
    // Concurrent deliveries of one event: the second insert waits for the first transaction, then finds the row.
    const inserted = await tx.$executeRaw`
      INSERT INTO "StripeEvent" ("id", "type", "payload") VALUES (${event.id}, ${event.type}, ${opts.payload}::jsonb)
      ON CONFLICT ("id") DO NOTHING`;
    if (inserted === 0) return false;
    await emit({ name: "stripe/webhook.received", data: { stripeEventId: event.id } });
    return true;
  }, RECORD_TRANSACTION_LIMITS);
  return { status: 200, body: recorded ? { received: true } : { received: true, duplicate: true } };
}
