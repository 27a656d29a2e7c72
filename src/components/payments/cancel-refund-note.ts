// What cancelling a paid shipment gives back, said before the shipper confirms and after, by the policy in
// services/payments/refund-policy.ts (in full before a driver accepts, less the cancellation fee after).
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { formatMoney } from "~/lib/money";
import { CANCELLATION_FEE_BPS, cancellationFeeCents, refundDueCents } from "~/server/services/payments/refund-policy";

/** The payment facts the note needs (payment.forShipment's answer has them): cents, in `currency`. */
export type TPaidFacts = { status: string; amountCents: number; refundedCents: number; currency: string };

/**
 * One sentence for the cancel dialog: what the card gets back if the shipment in `status` (price `priceCents`) is
 * cancelled now. Null when nothing was paid by card (no payment, or not SUCCEEDED), so there is nothing to refund.
 */
export function cancelRefundNote(status: ShipmentStatus, priceCents: number, payment: TPaidFacts | null) {
  if (!payment || payment.status !== "SUCCEEDED") return null;
  const feeCents = cancellationFeeCents(status, priceCents);
  const refund = refundDueCents({ paidCents: payment.amountCents, refundedCents: payment.refundedCents, feeCents });
  const money = (cents: number) => formatMoney(cents, payment.currency);
  if (feeCents === 0) return `You will be refunded ${money(refund)} to your card, in full.`;
  return `A driver has accepted this load: you will be refunded ${money(refund)} to your card, the ${money(
    payment.amountCents,
  )} you paid less the ${money(feeCents)} cancellation fee (${CANCELLATION_FEE_BPS / 100} % of the price) owed to the driver.`;
}

/** The part of a cancelled payment kept as the cancellation fee (cents): what was paid less what is refunded. */
export function keptAsFeeCents(amountCents: number, refundDueCents: number): number {
  return Math.max(0, amountCents - refundDueCents);
}
