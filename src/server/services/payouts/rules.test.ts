// The cancellation fee's cap by what the platform keeps of the shipper's payment (cents).
import { describe, expect, it } from "vitest";

import { cancellationFeeOwedCents, type TFeePayment } from "./rules";

const paid = (over: Partial<TFeePayment> = {}): TFeePayment => ({
  status: "SUCCEEDED",
  amountCents: 100_000,
  refundedCents: 0,
  refundDueCents: 90_000,
  refundStatus: "PENDING",
  ...over,
});

describe("cancellationFeeOwedCents", () => {
  it("owes the recorded fee while the policy refund is pending, sent or failed", () => {
    expect(cancellationFeeOwedCents(10_000, [paid()])).toBe(10_000);
    expect(cancellationFeeOwedCents(10_000, [paid({ refundStatus: "SUCCEEDED", refundedCents: 90_000 })])).toBe(10_000);
    // A failed refund returned nothing: the fee is still held.
    expect(cancellationFeeOwedCents(10_000, [paid({ refundStatus: "FAILED" })])).toBe(10_000);
  });

  it("owes nothing without a fee, without a charge, or when the shipper was refunded in full", () => {
    expect(cancellationFeeOwedCents(0, [paid()])).toBe(0);
    expect(cancellationFeeOwedCents(10_000, [])).toBe(0);
    expect(cancellationFeeOwedCents(10_000, [paid({ status: "EXPIRED" }), paid({ status: "FAILED" })])).toBe(0);
    expect(
      cancellationFeeOwedCents(10_000, [paid({ status: "REFUNDED", refundedCents: 100_000, refundStatus: "FAILED" })]),
    ).toBe(0);
  });

  it("owes only what is still kept after a refund beyond the policy", () => {
    expect(cancellationFeeOwedCents(10_000, [paid({ refundStatus: "SUCCEEDED", refundedCents: 96_000 })])).toBe(4_000);
  });
});
