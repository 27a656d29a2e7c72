import { describe, expect, it } from "vitest";

import { cancelRefundNote, keptAsFeeCents } from "./cancel-refund-note";

const paid = { status: "SUCCEEDED", amountCents: 35_560, refundedCents: 0, currency: "USD" };

describe("cancelRefundNote", () => {
  it("promises the full amount before a driver accepts", () => {
    expect(cancelRefundNote("POSTED", 35_560, paid)).toBe("You will be refunded $355.60 to your card, in full.");
    expect(cancelRefundNote("DRAFT", 35_560, paid)).toBe("You will be refunded $355.60 to your card, in full.");
  });

  it("names the fee and what is left after a driver accepted", () => {
    expect(cancelRefundNote("ASSIGNED", 35_560, paid)).toBe(
      "A driver has accepted this load: you will be refunded $320.04 to your card, the $355.60 you paid less the $35.56 cancellation fee (10 % of the price) owed to the driver.",
    );
  });

  it("says nothing when no card payment went through", () => {
    expect(cancelRefundNote("POSTED", 35_560, null)).toBeNull();
    expect(cancelRefundNote("DRAFT", 35_560, { ...paid, status: "PENDING" })).toBeNull();
  });

  it("keeps the difference between paid and refunded as the fee, never negative", () => {
    expect(keptAsFeeCents(35_560, 32_004)).toBe(3_556);
    expect(keptAsFeeCents(35_560, 35_560)).toBe(0);
  });
});
