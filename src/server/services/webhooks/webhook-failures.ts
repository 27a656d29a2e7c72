// Webhook events our handlers failed on (issue 14 §1: "a webhook that keeps failing"). A verified Stripe event is
// recorded and answered at once; its effects are applied by an Inngest function that retries a failing attempt with
// back-off (inngest/functions/apply-stripe-event.ts), so a handler fault would otherwise show only as warnings in the
// log. Each failed attempt counts against its event here; a later attempt that succeeds resolves it. The exceptions
// queue (admin/exceptions.ts) lists events still unresolved after WEBHOOK_FAILING_ATTEMPTS failed attempts.
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { applyStripeEvent, type TApplyOutcome } from "~/server/services/payments/apply-stripe-event";

/**
 * Failed attempts at one event before operations is told: one failure is usually a blip the retry absorbs; the
 * third in a row is a fault in our handler or data that needs a person (an operations choice). Below the function's
 * five attempts (Inngest's default of four retries), so the event is listed while its last retries still run.
 */
export const WEBHOOK_FAILING_ATTEMPTS = 3;

/**
 * The row id (and the exception's subject id) of `eventId` from `provider`: "stripe-evt_1Nx…", within the app's id
 * alphabet (ZIdSchema) so an admin can resolve it like any other exception.
 */
export function webhookFailureId(provider: string, eventId: string): string {
  return `${provider}-${eventId}`;
}

/** Longest error text kept per event (characters); the full error is in the log line of the failed run. */
const MAX_ERROR_CHARS = 500;

/**
 * Records one failed attempt at `eventId` from `provider` ("stripe"): inserts the row or adds 1 to `attempts`,
 * keeps the newest error, and reopens an event that had been resolved. One statement (INSERT … ON CONFLICT), so
 * concurrent failed attempts at one event each count. Never throws: the caller is already failing, and losing the
 * count must not change how it fails.
 */
export async function recordWebhookFailure(opts: {
  provider: string;
  eventId: string;
  eventType: string;
  error: unknown;
}): Promise<void> {
  const message = (opts.error instanceof Error ? opts.error.message : String(opts.error)).slice(0, MAX_ERROR_CHARS);
  const id = webhookFailureId(opts.provider, opts.eventId);
  await db.$executeRaw`
    INSERT INTO "WebhookFailure" ("id", "provider", "eventId", "eventType", "lastError")
    VALUES (${id}, ${opts.provider}, ${opts.eventId}, ${opts.eventType}, ${message})
    ON CONFLICT ("id") DO UPDATE
       SET "attempts" = "WebhookFailure"."attempts" + 1, "lastError" = EXCLUDED."lastError",
           "lastFailedAt" = now(), "resolvedAt" = NULL`.catch(() => undefined);
}

/**
 * Marks `eventId` from `provider` resolved after an attempt applied it (or found it already applied). A no-op
 * (one indexed UPDATE of no rows) for the usual event that never failed. Never throws.
 */
export async function recordWebhookHandled(opts: { provider: string; eventId: string }): Promise<void> {
  await db.webhookFailure
    .updateMany({
      where: { id: webhookFailureId(opts.provider, opts.eventId), resolvedAt: null },
      data: { resolvedAt: new Date() },
    })
    .catch(() => undefined);
}

/**
 * One attempt of the apply-stripe-event Inngest function at applying the recorded Stripe event `stripeEventId`
 * (applyStripeEvent's contract), counted: an attempt that throws records a failure of the event and rethrows (Inngest
 * retries the run with back-off); an attempt that applies the event, or finds it applied, resolves any failures
 * recorded for it. Only verified, recorded events get here, so nobody can add failures to an event by posting junk.
 */
export async function applyStripeEventCounted(opts: {
  stripeEventId: string;
  stripe: TStripeConfig;
}): Promise<TApplyOutcome> {
  let outcome: TApplyOutcome;
  try {
    outcome = await applyStripeEvent(opts);
  } catch (error) {
    const row = await db.stripeEvent
      .findUnique({ where: { id: opts.stripeEventId }, select: { type: true } })
      .catch(() => null);
    await recordWebhookFailure({
      provider: "stripe",
      eventId: opts.stripeEventId,
      eventType: row?.type ?? "unknown",
      error,
    });
    throw error;
  }
  await recordWebhookHandled({ provider: "stripe", eventId: opts.stripeEventId });
  return outcome;
}
