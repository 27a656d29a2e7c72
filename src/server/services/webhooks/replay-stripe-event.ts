// Replaying a Stripe event whose application failed for good (every Inngest retry spent): once the fault is mended,
// an admin sends the recorded event to the apply-stripe-event function again from the exceptions queue. Safe to
// repeat: the function claims the event in the transaction of its effects, so it is applied at most once.
import { AppError } from "~/lib/app-error";
import { writeAudit } from "../audit";
import { transactionWithEvents } from "../outbox/transaction-with-events";

/**
 * Admin `adminId` (from `ip`) replays the Stripe event behind webhook failure `failureId` ("stripe-evt_…", the
 * WEBHOOK_FAILING exception's subject), with `reason` kept in the audit log (`stripe_event.replayed`): a new
 * `stripe/webhook.received` event goes through the outbox in the audit row's transaction. Resolves
 * `{ stripeEventId }`; the effects follow from the run (a success resolves the failure and clears the exception).
 * Throws AppError NOT_FOUND (no such failure), PRECONDITION_FAILED (its event was never recorded, or was recorded
 * without its payload: Stripe must resend it), CONFLICT (the event is applied).
 */
export async function replayStripeEvent(opts: {
  adminId: string;
  ip: string;
  failureId: string;
  reason: string;
}): Promise<{ stripeEventId: string }> {
  return transactionWithEvents(async (tx, emit) => {
    const failure = await tx.webhookFailure.findUnique({
      where: { id: opts.failureId },
      select: { provider: true, eventId: true },
    });
    if (!failure || failure.provider !== "stripe") throw new AppError("NOT_FOUND", "Webhook failure not found.");
    const [event] = await tx.$queryRaw<{ appliedAt: Date | null }[]>`
      SELECT "appliedAt" FROM "StripeEvent" WHERE "id" = ${failure.eventId} AND "payload" IS NOT NULL FOR UPDATE`;
    // The failure is there, its event is not: the admin is told what to do, not that the row has gone.
    if (!event) {
      throw new AppError("PRECONDITION_FAILED", "This Stripe event was not recorded: ask Stripe to resend it.");
    }
    if (event.appliedAt) throw new AppError("CONFLICT", "This Stripe event has been applied already.");
    await emit({ name: "stripe/webhook.received", data: { stripeEventId: failure.eventId } });
    await writeAudit(tx, {
      actorId: opts.adminId,
      action: "stripe_event.replayed",
      entityType: "StripeEvent",
      entityId: failure.eventId,
      data: { reason: opts.reason, failureId: opts.failureId },
      ip: opts.ip,
    });
    return { stripeEventId: failure.eventId };
  });
}
