// The cancellation refund, sent to Stripe after the cancel commits (inngest/functions/refund-payment.ts). The
// amount was fixed by the policy when the shipment was cancelled (Payment.refundDueCents); the idempotency key is
// the payment's id, so a retried run refunds once.
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { isStripeRefusal } from "./stripe-errors";

export const refundIdempotencyKey = (paymentId: string) => `refund:${paymentId}`;

/**
 * Refunds `paymentId`'s `refundDueCents` through Stripe when its refund is PENDING; does nothing otherwise (done,
 * failed, or no refund owed). Returns the refund state afterwards. A refusal from Stripe (4xx: already refunded,
 * nothing to refund) is recorded as FAILED with Stripe's message, for an admin to see; a network error or 5xx
 * throws so the caller retries. Throws AppError NOT_CONFIGURED without Stripe.
 */
export async function refundPayment(opts: { paymentId: string; stripe: TStripeConfig | null }) {
  const payment = await db.payment.findUnique({
    where: { id: opts.paymentId },
    select: { id: true, shipmentId: true, refundStatus: true, refundDueCents: true, stripePaymentIntentId: true },
  });
  if (!payment || payment.refundStatus !== "PENDING" || !payment.refundDueCents) return payment?.refundStatus ?? null;
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", "Stripe is not configured: the refund cannot be sent.");
  if (!payment.stripePaymentIntentId) {
    await db.payment.update({
      where: { id: payment.id },
      data: { refundStatus: "FAILED", refundFailureReason: "No Stripe payment to refund." },
    });
    await publishShipmentChanged(payment.shipmentId);
    return "FAILED" as const;
  }
  try {
    const refund = await stripeClient(opts.stripe).refunds.create(
      {
        payment_intent: payment.stripePaymentIntentId,
        amount: payment.refundDueCents,
        reason: "requested_by_customer",
        metadata: { paymentId: payment.id, shipmentId: payment.shipmentId },
      },
      { idempotencyKey: refundIdempotencyKey(payment.id) },
    );
    const failed = refund.status === "failed" || refund.status === "canceled";
    await db.$transaction(async (tx) => {
      const { count } = await tx.payment.updateMany({
        where: { id: payment.id, refundStatus: "PENDING" },
        data: {
          stripeRefundId: refund.id,
          refundStatus: failed ? "FAILED" : refund.status === "succeeded" ? "SUCCEEDED" : "PENDING",
          refundFailureReason: failed ? (refund.failure_reason ?? "Stripe could not refund the card.") : null,
        },
      });
      if (count === 1)
        await tx.shipment.update({ where: { id: payment.shipmentId }, data: { version: { increment: 1 } } });
    });
  } catch (error) {
    if (!isStripeRefusal(error)) throw error;
    await db.$transaction(async (tx) => {
      await tx.payment.update({
        where: { id: payment.id },
        data: { refundStatus: "FAILED", refundFailureReason: error.message },
      });
      await tx.shipment.update({ where: { id: payment.shipmentId }, data: { version: { increment: 1 } } });
    });
  }
  await publishShipmentChanged(payment.shipmentId);
  const after = await db.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { refundStatus: true } });
  return after.refundStatus;
}
