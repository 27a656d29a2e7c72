// When a paid shipment is cancelled, the refund it is owed is fixed in the cancelling transaction and queued
// through the outbox (payment/refund.requested), so a crash after the commit delays the refund but never loses it.
import type { TEmit } from "../outbox/transaction-with-events";
import type { TTx } from "../shipments/transition";
import { refundDueCents } from "./refund-policy";

/**
 * Marks each paid, not yet refunded payment of `shipmentId` as owing `paid - already refunded - feeCents` (cents,
 * never below 0) with refund PENDING, and emits one `payment/refund.requested` per payment owing more than 0.
 * Returns the total owed. Runs inside the caller's transaction `tx`.
 */
export async function oweRefundInTx(tx: TTx, emit: TEmit, opts: { shipmentId: string; feeCents: number }) {
  const paid = await tx.payment.findMany({
    where: { shipmentId: opts.shipmentId, status: "SUCCEEDED", refundStatus: null },
    select: { id: true, amountCents: true, refundedCents: true },
  });
  let fee = opts.feeCents;
  let total = 0;
  for (const p of paid) {
    const due = refundDueCents({ paidCents: p.amountCents, refundedCents: p.refundedCents, feeCents: fee });
    fee = Math.max(0, fee - (p.amountCents - p.refundedCents));
    if (due === 0) continue;
    await tx.payment.update({ where: { id: p.id }, data: { refundDueCents: due, refundStatus: "PENDING" } });
    await emit({ name: "payment/refund.requested", data: { paymentId: p.id } });
    total += due;
  }
  return total;
}
