// The refund state the billing list and the invoice PDF show, for each stage of a refund (the integration test sees
// whichever stage the queued refund function has reached; this one pins every stage).
import { describe, expect, it } from "vitest";

import { refundState } from "./refund-state";

const paid = { amountCents: 56_736, refundedCents: 0, refundDueCents: null, refundStatus: null } as const;

describe("refundState", () => {
  it("none for a payment nobody refunds", () => {
    expect(refundState(paid)).toEqual({ kind: "none" });
  });

  it("pending, then refunded in full, for a cancel before a driver accepted", () => {
    expect(refundState({ ...paid, refundDueCents: 56_736, refundStatus: "PENDING" })).toEqual({
      kind: "pending",
      dueCents: 56_736,
    });
    // Stripe confirmed our refund; charge.refunded may not have arrived yet.
    expect(refundState({ ...paid, refundDueCents: 56_736, refundStatus: "SUCCEEDED" })).toEqual({
      kind: "refunded",
      refundedCents: 56_736,
      full: true,
    });
    // charge.refunded recorded Stripe's total.
    expect(refundState({ ...paid, refundedCents: 56_736, refundDueCents: 56_736, refundStatus: "SUCCEEDED" })).toEqual({
      kind: "refunded",
      refundedCents: 56_736,
      full: true,
    });
  });

  it("part refunded when the cancellation fee is kept", () => {
    expect(refundState({ ...paid, refundDueCents: 51_062, refundStatus: "SUCCEEDED" })).toEqual({
      kind: "refunded",
      refundedCents: 51_062,
      full: false,
    });
  });

  it("a refund made in Stripe's dashboard counts, even with none of ours", () => {
    expect(refundState({ ...paid, refundedCents: 10_000 })).toEqual({
      kind: "refunded",
      refundedCents: 10_000,
      full: false,
    });
  });

  it("failed, with what is still owed", () => {
    expect(refundState({ ...paid, refundDueCents: 56_736, refundStatus: "FAILED" })).toEqual({
      kind: "failed",
      dueCents: 56_736,
    });
  });
});
