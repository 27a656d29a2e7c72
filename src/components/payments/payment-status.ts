// The payment's status as the shipper and admins read it, refunds included: a payment Stripe refunded in part is
// "Partially refunded", in full "Refunded", not "Paid" with a refund line below.

/** The payment facts the label needs (payment.forShipment's answer has them): cents of one currency. */
export type TPaymentStatusFacts = {
  status: "PENDING" | "SUCCEEDED" | "FAILED" | "REFUNDED" | "EXPIRED";
  amountCents: number;
  /** What Stripe has refunded of the charge so far (charge.refunded), cents. */
  refundedCents: number;
};

const statusText: Record<TPaymentStatusFacts["status"], string> = {
  PENDING: "Awaiting payment",
  SUCCEEDED: "Paid",
  FAILED: "Payment failed",
  REFUNDED: "Refunded",
  EXPIRED: "Unpaid: checkout expired",
};

/**
 * The Status line of the payment panel: "Refunded" once the whole amount is back on the card (or the payment is
 * REFUNDED), "Partially refunded" when some of a paid amount is, else the status as it stands ("Paid", …).
 */
export function paymentStatusText(p: TPaymentStatusFacts): string {
  if (p.status === "REFUNDED") return statusText.REFUNDED;
  if (p.status === "SUCCEEDED" && p.refundedCents > 0) {
    return p.refundedCents >= p.amountCents ? statusText.REFUNDED : "Partially refunded";
  }
  return statusText[p.status];
}
