// How much of an invoiced payment went back to the card, for the billing list and the PDF's credit line.
import type { RefundStatus } from "~/generated/prisma/enums";

/** "none"; `refundedCents` back on the card (`full` when all of it); or a refund of `dueCents` pending or failed. */
export type TRefundState =
  | { kind: "none" }
  | { kind: "refunded"; refundedCents: number; full: boolean }
  | { kind: "pending"; dueCents: number }
  | { kind: "failed"; dueCents: number };

/**
 * The refund state of a payment (cents): Stripe's refunded total (charge.refunded) or our refund that Stripe
 * confirmed (refundStatus SUCCEEDED), whichever is larger; else our refund in progress or failed; else none.
 */
export function refundState(p: {
  amountCents: number;
  refundedCents: number;
  refundDueCents: number | null;
  refundStatus: RefundStatus | null;
}): TRefundState {
  const refunded = Math.max(p.refundedCents, p.refundStatus === "SUCCEEDED" ? (p.refundDueCents ?? 0) : 0);
  if (refunded > 0) return { kind: "refunded", refundedCents: refunded, full: refunded >= p.amountCents };
  if (p.refundStatus === "PENDING" && p.refundDueCents) return { kind: "pending", dueCents: p.refundDueCents };
  if (p.refundStatus === "FAILED" && p.refundDueCents) return { kind: "failed", dueCents: p.refundDueCents };
  return { kind: "none" };
}
