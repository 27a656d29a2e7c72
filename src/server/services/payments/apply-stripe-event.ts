// Stripe webhooks, exactly once (issue 13 §5), second half: applying a recorded event, run by the apply-stripe-event
// Inngest function. The event's id is claimed (StripeEvent.appliedAt) in the same transaction as its effects, so a
// second run of one event (an Inngest retry after a lost answer, a replayed send) finds it applied and does nothing,
// and a handler that throws rolls back both (Inngest retries it). Each handler re-reads or compares state, so events
// arriving out of order still leave what Stripe holds now. Viewers are told after commit.
import Stripe from "stripe";

import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { db } from "~/server/db";
import { logger } from "~/server/log/logger";
import { publishPlanChanged } from "~/server/realtime/publish-plan-changed";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { transactionWithEvents, type TEmit } from "../outbox/transaction-with-events";
import type { TTx } from "../shipments/transition";
import { syncSubscriptionInTx } from "../subscriptions/sync-subscription";
import { onAccountUpdated } from "./webhooks/account-updated";
import { onChargeRefunded } from "./webhooks/charge-refunded";
import { onCheckoutSessionCompleted } from "./webhooks/checkout-session-completed";
import { onCheckoutSessionExpired } from "./webhooks/checkout-session-expired";
import { onPaymentIntentPaymentFailed } from "./webhooks/payment-intent-payment-failed";
import { onPaymentIntentSucceeded } from "./webhooks/payment-intent-succeeded";
import { subscriptionOfEvent } from "./webhooks/subscription-events";

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
 * stale or arrive out of order, the object as Stripe holds it now is the truth. A failed read throws (the run is
 * retried).
 */
const refetchers: Partial<Record<Stripe.Event["type"], (stripe: Stripe, event: Stripe.Event) => Promise<unknown>>> = {
  "account.updated": (stripe, event) => stripe.accounts.retrieve((event.data.object as Stripe.Account).id),
  "checkout.session.completed": paidSessionWithPaymentIntent,
};

/**
 * A payment-mode session's `payment_intent` is what refunds and the admin view need. A payload without one (a thin
 * or older-version payload, a proxy that trimmed it) of a paid session is re-read from Stripe, whose completed
 * session names it; any other payload (one that has it, an unpaid one the handler ignores, a subscription-mode
 * session, synced separately) is used as it came.
 */
async function paidSessionWithPaymentIntent(stripe: Stripe, event: Stripe.Event): Promise<unknown> {
  const payload = event.data.object as Stripe.Checkout.Session;
  if (payload.mode === "subscription" || payload.payment_status !== "paid" || payload.payment_intent) return payload;
  return stripe.checkout.sessions.retrieve(payload.id);
}

/**
 * Transaction limits for applying one event, in milliseconds: paid events queue on the year's invoice counter row
 * (invoices/issue-shipment-invoice.ts), so a burst of them waits its turn for longer than Prisma's 2 s / 5 s
 * defaults allow. An application that still fails is retried by Inngest.
 */
const APPLY_TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 } as const;

export type TApplyOutcome =
  | { applied: true }
  | { applied: false; reason: "unknown event" | "already applied" }
  /** Stripe answered `resource_missing` (404) for what the event names: marked applied with nothing done. */
  | { applied: false; reason: "object missing"; detail: string };

/**
 * True for Stripe's `resource_missing` (404, "No such subscription: …") and, for a Connect account, its
 * `account_invalid` (403, "does not have access to account … or that account does not exist"): no retry can make
 * the object exist.
 */
export function isStripeResourceMissing(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeError &&
    (error.code === "resource_missing" || error.code === "account_invalid")
  );
}

/**
 * Applies the recorded Stripe event `stripeEventId` (a StripeEvent row written by handleStripeWebhook) with Stripe
 * at `stripe`: re-reads what the event names, then in one transaction claims the event (sets `appliedAt`), syncs the
 * shipper's plan for subscription events and runs the event type's handler; publishes the changed shipment, and
 * the shipper's `plan` hint for a synced subscription, after commit. Resolves `{ applied: true }`, or `{ applied: false }` for an id never recorded or an event applied before
 * (nothing is written), or `{ applied: false, reason: "object missing", detail }` when Stripe answers
 * `resource_missing` for the object the event names (the event is marked applied with nothing done: no retry can
 * help). Rejects with the handler's or Stripe's other errors, nothing written: the caller retries.
 */
export async function applyStripeEvent(opts: { stripeEventId: string; stripe: TStripeConfig }): Promise<TApplyOutcome> {
  const row = await db.stripeEvent.findUnique({
    where: { id: opts.stripeEventId },
    select: { payload: true, appliedAt: true, type: true },
  });
  if (!row?.payload) return { applied: false, reason: "unknown event" };
  if (row.appliedAt) return { applied: false, reason: "already applied" };
  try {
    return await applyRecorded(opts, row.payload as unknown as Stripe.Event);
  } catch (error) {
    if (!isStripeResourceMissing(error)) throw error;
    // A correctly signed event about an object Stripe says does not exist (deleted since, another account's, or a
    // test sent by hand): nothing to sync, now or on any retry. The event is claimed (appliedAt) with no effects,
    // so it is neither retried nor counted as failing; the reason goes to the log and the run's output.
    const detail = `Nothing to do: Stripe has no such object (${error.message})`;
    await db.$executeRaw`
      UPDATE "StripeEvent" SET "appliedAt" = now() WHERE "id" = ${opts.stripeEventId} AND "appliedAt" IS NULL`;
    logger.warn(
      { stripeEventId: opts.stripeEventId, type: row.type, err: error },
      "stripe event names a missing object",
    );
    return { applied: false, reason: "object missing", detail };
  }
}

/** The body of applyStripeEvent for a recorded, unapplied event; Stripe's errors propagate. */
async function applyRecorded(
  opts: { stripeEventId: string; stripe: TStripeConfig },
  payload: Stripe.Event,
): Promise<TApplyOutcome> {
  const stripe = stripeClient(opts.stripe);
  let event = payload;
  const refetch = refetchers[event.type];
  if (refetch) event = { ...event, data: { ...event.data, object: await refetch(stripe, event) } } as Stripe.Event;
  // Plan events: which subscription, found before the transaction; its state is re-read inside it.
  const subscriptionId = (await subscriptionOfEvent[event.type]?.(stripe, event)) ?? null;

  const outcome = await transactionWithEvents(async (tx, emit) => {
    // Concurrent runs of one event: the second update waits for the first transaction, then finds it applied.
    const claimed = await tx.$executeRaw`
      UPDATE "StripeEvent" SET "appliedAt" = now() WHERE "id" = ${opts.stripeEventId} AND "appliedAt" IS NULL`;
    if (claimed === 0) return { applied: false as const, shipmentId: null, planUserId: null };
    const planUserId = subscriptionId ? await syncSubscriptionInTx(tx, stripe, subscriptionId) : null;
    const handler = stripeEventHandlers[event.type];
    return { applied: true as const, shipmentId: handler ? await handler(tx, event, emit) : null, planUserId };
  }, APPLY_TRANSACTION_LIMITS);
  if (outcome.shipmentId) await publishShipmentChanged(outcome.shipmentId);
  if (outcome.planUserId && subscriptionId) await publishPlanChanged(outcome.planUserId, subscriptionId);
  return outcome.applied ? { applied: true } : { applied: false, reason: "already applied" };
}
