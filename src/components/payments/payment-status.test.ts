import { describe, expect, it } from "vitest";

import { paymentStatusText } from "./payment-status";

describe("paymentStatusText", () => {
  it("says Partially refunded after a refund of part of a paid amount (cancelled after a driver accepted)", () => {
    expect(paymentStatusText({ status: "SUCCEEDED", amountCents: 69_610, refundedCents: 62_649 })).toBe(
      "Partially refunded",
    );
  });

  it("says Refunded when the whole amount is back, whether or not the payment row says REFUNDED yet", () => {
    expect(paymentStatusText({ status: "SUCCEEDED", amountCents: 69_610, refundedCents: 69_610 })).toBe("Refunded");
    expect(paymentStatusText({ status: "REFUNDED", amountCents: 69_610, refundedCents: 69_610 })).toBe("Refunded");
  });

  it("says Paid with nothing refunded, and the other states as they are", () => {
    expect(paymentStatusText({ status: "SUCCEEDED", amountCents: 69_610, refundedCents: 0 })).toBe("Paid");
    expect(paymentStatusText({ status: "PENDING", amountCents: 69_610, refundedCents: 0 })).toBe("Awaiting payment");
    expect(paymentStatusText({ status: "FAILED", amountCents: 69_610, refundedCents: 0 })).toBe("Payment failed");
    expect(paymentStatusText({ status: "EXPIRED", amountCents: 69_610, refundedCents: 0 })).toBe(
      "Unpaid: checkout expired",
    );
  });
});
