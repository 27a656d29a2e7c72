// The one place a payment becomes SUCCEEDED and its draft goes on the board; both webhook events that prove a
// payment (checkout.session.completed, payment_intent.succeeded) end here, in whichever order they arrive.
import { issueShipmentInvoiceInTx } from "../invoices/issue-shipment-invoice";
import type { TEmit } from "../outbox/transaction-with-events";
import { applyTransition, type TTx } from "../shipments/transition";
import { oweRefundInTx } from "./owe-refund";

export type TPaidFacts = {
  paymentId: string | null;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  /** What Stripe collected, in the smallest currency unit, and its (lower-case) currency. */
  amountCents: number;
  currency: string;
};

/**
 * Marks the payment the facts name as SUCCEEDED (once; later calls only fill a missing Stripe id) and posts its
 * shipment if it is still a DRAFT whose pick-up window is open. A payment for less than the row's amount, or in
 * another currency, is not accepted as payment. A payment for a shipment cancelled meanwhile (its checkout was
 * still open) is refunded in full through `emit`. The first acceptance also issues the payment's numbered invoice
 * (services/invoices/issue-shipment-invoice.ts). Returns the shipment id to publish, or null when nothing changed
 * that a viewer sees (unknown payment, duplicate proof).
 */
export async function markPaidInTx(tx: TTx, emit: TEmit, facts: TPaidFacts, now = new Date()): Promise<string | null> {
  const outcome = await acceptPayment(tx, emit, facts, now);
  // Paid now, for the first time: its numbered invoice commits with it (a cancelled shipment's too, then refunded).
  // Last in the transaction, because the number's counter row stays locked from here until the commit.
  if (outcome.paidNow) await issueShipmentInvoiceInTx(tx, { paymentId: outcome.paidNow, at: now });
  return outcome.shipmentId;
}

/** markPaidInTx's work before the invoice: `paidNow` is the payment's id when this call made it SUCCEEDED. */
async function acceptPayment(
  tx: TTx,
  emit: TEmit,
  facts: TPaidFacts,
  now: Date,
): Promise<{ shipmentId: string | null; paidNow: string | null }> {
  const none = { shipmentId: null, paidNow: null };
  const payment = await tx.payment.findFirst({
    where: facts.paymentId
      ? { id: facts.paymentId }
      : facts.checkoutSessionId
        ? { stripeCheckoutSessionId: facts.checkoutSessionId }
        : { stripePaymentIntentId: facts.paymentIntentId ?? "" },
    select: { id: true, shipmentId: true, payerId: true, amountCents: true, currency: true, status: true },
  });
  if (!payment) return none;
  if (facts.amountCents < payment.amountCents || facts.currency.toUpperCase() !== payment.currency) {
    await tx.payment.update({
      where: { id: payment.id },
      data: { failureMessage: `Stripe reported ${facts.amountCents} ${facts.currency}, not the amount due.` },
    });
    return none;
  }
  // Paid is paid, whatever we thought of the row (an expired or replaced session can still have been paid in time).
  const { count } = await tx.payment.updateMany({
    where: { id: payment.id, status: { in: ["PENDING", "EXPIRED", "FAILED"] } },
    data: {
      status: "SUCCEEDED",
      paidAt: now,
      checkoutUrl: null,
      failureMessage: null,
      ...(facts.paymentIntentId ? { stripePaymentIntentId: facts.paymentIntentId } : {}),
    },
  });
  if (count === 0) {
    // The second proof of the same payment: keep the ids both events carry, change nothing else.
    if (facts.paymentIntentId) {
      await tx.payment.updateMany({
        where: { id: payment.id, stripePaymentIntentId: null },
        data: { stripePaymentIntentId: facts.paymentIntentId },
      });
    }
    return none;
  }
  const shipment = await tx.shipment.findUniqueOrThrow({
    where: { id: payment.shipmentId },
    select: { id: true, status: true, pickupWindowEnd: true },
  });
  const paid = { shipmentId: shipment.id, paidNow: payment.id };
  if (shipment.status === "CANCELLED") {
    await oweRefundInTx(tx, emit, { shipmentId: shipment.id, feeCents: 0 });
    return paid;
  }
  if (shipment.status !== "DRAFT") return paid;
  if (shipment.pickupWindowEnd <= now) {
    // Paid too late to be collected: the draft stays, labelled paid; moving its window and posting costs nothing more.
    await tx.shipmentEvent.create({
      data: {
        shipmentId: shipment.id,
        type: "NOTE",
        actorId: null,
        note: "Payment received after the pick-up window ended. Move the window to post it; you will not be charged again.",
      },
    });
    await tx.shipment.update({ where: { id: shipment.id }, data: { version: { increment: 1 } } });
    return paid;
  }
  await applyTransition(tx, {
    emit,
    shipment,
    action: "post",
    actor: "SHIPPER",
    actorId: payment.payerId,
    note: "Paid by card",
    eventData: { paymentId: payment.id, amountCents: facts.amountCents },
    at: now,
  });
  return paid;
}
