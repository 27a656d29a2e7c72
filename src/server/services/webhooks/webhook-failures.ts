// Webhook deliveries our handlers failed on (issue 14 §1: "a webhook that keeps failing"). A provider retries a
// delivery we answer 5xx (Stripe for up to three days with exponential back-off), so a handler fault would
// otherwise show only as warnings in the log. Each failed delivery counts against its event here; a later
// delivery of the same event that succeeds resolves it. The exceptions queue (admin/exceptions.ts) lists events
// still unresolved after WEBHOOK_FAILING_ATTEMPTS failed deliveries.
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook, type TWebhookResult } from "~/server/services/payments/handle-stripe-webhook";

/**
 * Failed deliveries of one event before operations is told: one failure is usually a blip the provider's retry
 * absorbs; the third in a row is a fault in our handler or data that needs a person (an operations choice).
 */
export const WEBHOOK_FAILING_ATTEMPTS = 3;

/**
 * The row id (and the exception's subject id) of `eventId` from `provider`: "stripe-evt_1Nx…", within the app's id
 * alphabet (ZIdSchema) so an admin can resolve it like any other exception.
 */
export function webhookFailureId(provider: string, eventId: string): string {
  return `${provider}-${eventId}`;
}

/** Longest error text kept per event (characters); the full error is in the log line of the failed request. */
const MAX_ERROR_CHARS = 500;

/**
 * Records one failed delivery of `eventId` from `provider` ("stripe"): inserts the row or adds 1 to `attempts`,
 * keeps the newest error, and reopens an event that had been resolved. One statement (INSERT … ON CONFLICT), so
 * concurrent failed deliveries of one event each count. Never throws: the caller is already failing the request,
 * and losing the count must not change the answer the provider gets.
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
 * Marks `eventId` from `provider` resolved after a delivery of it was handled (or found already handled). A no-op
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
 * The id and type of a webhook payload that parsed as JSON (`{ id, type }`, as Stripe's events are), else null:
 * used only after the signature was verified, to name the event a failed handler was working on.
 */
export function webhookEventOf(payload: string): { id: string; type: string } | null {
  try {
    const parsed = JSON.parse(payload) as { id?: unknown; type?: unknown };
    return typeof parsed.id === "string" && typeof parsed.type === "string"
      ? { id: parsed.id, type: parsed.type }
      : null;
  } catch {
    return null;
  }
}

/**
 * One delivery to `/api/webhooks/stripe` (handleStripeWebhook's contract: raw `payload`, `Stripe-Signature` header,
 * the configuration), counted: a handler that throws records a failed delivery of the event and rethrows (the route
 * answers 500 and Stripe retries); a 200 resolves any failures recorded for it. A forged or stale signature is
 * answered 400 by handleStripeWebhook without throwing, so nobody can add failures to an event by posting junk.
 */
export async function answerStripeWebhook(opts: {
  payload: string;
  signature: string | null;
  stripe: TStripeConfig | null;
}): Promise<TWebhookResult> {
  let result: TWebhookResult;
  try {
    result = await handleStripeWebhook(opts);
  } catch (error) {
    const event = webhookEventOf(opts.payload);
    if (event) await recordWebhookFailure({ provider: "stripe", eventId: event.id, eventType: event.type, error });
    throw error;
  }
  if (result.status === 200) {
    const event = webhookEventOf(opts.payload);
    if (event) await recordWebhookHandled({ provider: "stripe", eventId: event.id });
  }
  return result;
}
