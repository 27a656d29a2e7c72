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
 * still open) is refunded in full through `emit`, and so is one that is not for the draft's current price (the draft
 * was edited while the old checkout page stayed open) or that comes after another payment of the same load (an old
 * and a new session both paid): the load is never posted at a price nobody paid, nor paid twice. The first acceptance also issues the payment's numbered invoice
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
    select: { id: true, status: true, pickupWindowEnd: true, priceCents: true, currency: true },
  });
  const paid = { shipmentId: shipment.id, paidNow: payment.id };
  if (shipment.status === "CANCELLED") {
    await oweRefundInTx(tx, emit, { shipmentId: shipment.id, feeCents: 0 });
    return paid;
  }
  const paidBefore = await tx.payment.findFirst({
    where: { shipmentId: shipment.id, id: { not: payment.id }, status: "SUCCEEDED", refundStatus: null },
    select: { id: true },
  });
  const repriced = payment.amountCents !== shipment.priceCents || payment.currency !== shipment.currency;
  if (paidBefore || (shipment.status === "DRAFT" && repriced)) {
    await refundInFullInTx(tx, emit, {
      paymentId: payment.id,
      amountCents: payment.amountCents,
      shipmentId: shipment.id,
      note: paidBefore
        ? `A second payment of ${usd(payment.amountCents)} arrived for this load, which was already paid: it is refunded in full.`
        : `The load was edited while its checkout page for ${usd(payment.amountCents)} was still open. That payment is ` +
          `refunded in full; post the load again to pay its new price of ${usd(shipment.priceCents)}.`,
    });
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

/** Refunds payment `paymentId` in full (its `amountCents`), through the queued refund, with a note on the timeline. */
async function refundInFullInTx(
  tx: TTx,
  emit: TEmit,
  opts: { paymentId: string; amountCents: number; shipmentId: string; note: string },
): Promise<void> {
  await tx.payment.update({
    where: { id: opts.paymentId },
    data: { refundDueCents: opts.amountCents, refundStatus: "PENDING" },
  });
  await emit({ name: "payment/refund.requested", data: { paymentId: opts.paymentId } });
  await tx.shipmentEvent.create({
    data: { shipmentId: opts.shipmentId, type: "NOTE", actorId: null, note: opts.note },
  });
  await tx.shipment.update({ where: { id: opts.shipmentId }, data: { version: { increment: 1 } } });
}

/** "$685.45" for 68545 cents (USD, the only currency loads are priced in). */
function usd(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}
