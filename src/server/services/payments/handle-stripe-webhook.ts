// Stripe webhooks, exactly once (issue 13 §5): the raw body's signature is verified (300 s tolerance), the event id
// is stored in StripeEvent in the same transaction as the event's effects, so a duplicate delivery finds the id
// and does nothing, and a failed handler rolls back both (Stripe retries it). Viewers are told after commit.
import Stripe from "stripe";

import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { transactionWithEvents, type TEmit } from "../outbox/transaction-with-events";
import type { TTx } from "../shipments/transition";
import { onAccountUpdated } from "./webhooks/account-updated";
import { onChargeRefunded } from "./webhooks/charge-refunded";
import { onCheckoutSessionCompleted } from "./webhooks/checkout-session-completed";
import { onCheckoutSessionExpired } from "./webhooks/checkout-session-expired";
import { onPaymentIntentPaymentFailed } from "./webhooks/payment-intent-payment-failed";
import { onPaymentIntentSucceeded } from "./webhooks/payment-intent-succeeded";
import { subscriptionOfEvent } from "./webhooks/subscription-events";
import { syncSubscriptionInTx } from "../subscriptions/sync-subscription";

/** Stripe's default: a signature older than this (seconds) is refused as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

type THandler = (tx: TTx, event: Stripe.Event, emit: TEmit) => Promise<string | null>;

/** Every event type the app acts on, one handler file each; other types are recorded and acknowledged. */
export const stripeEventHandlers: Partial<Record<Stripe.Event["type"], THandler>> = {
  "checkout.session.completed": onCheckoutSessionCompleted,
  "payment_intent.succeeded": onPaymentIntentSucceeded,
  "checkout.session.expired": onCheckoutSessionExpired,
  "payment_intent.payment_failed": onPaymentIntentPaymentFailed,
  "charge.refunded": onChargeRefunded,
  "account.updated": onAccountUpdated,
};

/**
 * Events whose object is re-read from Stripe before the handler runs (outside the transaction): the payload may be
 * stale or arrive out of order, the object as Stripe holds it now is the truth. A failed read throws (500: Stripe
 * retries the delivery).
 */
const refetchers: Partial<Record<Stripe.Event["type"], (stripe: Stripe, event: Stripe.Event) => Promise<unknown>>> = {
  "account.updated": (stripe, event) => stripe.accounts.retrieve((event.data.object as Stripe.Account).id),
};

export type TWebhookResult = { status: number; body: { received: boolean; duplicate?: boolean; error?: string } };

/**
 * Transaction limits for one delivery, in milliseconds: paid deliveries queue on the year's invoice counter row
 * (invoices/issue-shipment-invoice.ts), so a burst of them waits its turn for longer than Prisma's 2 s / 5 s
 * defaults allow, yet answers well within Stripe's webhook timeout. A delivery that still fails is answered 500 and
 * Stripe retries it.
 */
const WEBHOOK_TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * Handles one delivery to `/api/webhooks/stripe`: `payload` is the raw request body (bytes as text, unparsed),
 * `signature` the `Stripe-Signature` header. Answers 200 `{ received: true }` when the event was applied now,
 * 200 `{ received: true, duplicate: true }` when it had been already, 400 for a missing, forged or stale (older
 * than WEBHOOK_TOLERANCE_SECONDS) signature, 503 when Stripe is not configured. A handler that throws rejects the
 * promise (the route answers 500, nothing is stored, Stripe retries).
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

  const refetch = refetchers[event.type];
  if (refetch) {
    const fresh = await refetch(stripeClient(opts.stripe), event);
    event = { ...event, data: { ...event.data, object: fresh } } as Stripe.Event;
  }
  // Plan events: which subscription, found before the transaction; its state is re-read inside it.
  const subscriptionId = (await subscriptionOfEvent[event.type]?.(stripeClient(opts.stripe), event)) ?? null;
  const outcome = await transactionWithEvents(async (tx, emit) => {
    // Concurrent deliveries of one event: the second insert waits for the first transaction, then finds the row.
    const inserted = await tx.$executeRaw`
      INSERT INTO "StripeEvent" ("id", "type") VALUES (${event.id}, ${event.type}) ON CONFLICT ("id") DO NOTHING`;
    if (inserted === 0) return { duplicate: true, shipmentId: null };
    if (subscriptionId) await syncSubscriptionInTx(tx, stripeClient(opts.stripe!), subscriptionId);
    const handler = stripeEventHandlers[event.type];
    return { duplicate: false, shipmentId: handler ? await handler(tx, event, emit) : null };
  }, WEBHOOK_TRANSACTION_LIMITS);
  if (outcome.shipmentId) await publishShipmentChanged(outcome.shipmentId);
  return { status: 200, body: outcome.duplicate ? { received: true, duplicate: true } : { received: true } };
}
