import { describe, expect, it } from "vitest";

import { PLATFORM_FEE_BPS } from "~/lib/pricing";
import { formatInvoiceNumber, invoiceYear } from "./invoice-number";
import { invoiceAmounts } from "./invoice-terms";
import { refundState } from "./refund-state";

describe("invoice numbers", () => {
  it("are TT-<year>-<six digits>, keeping every digit past 999,999", () => {
    expect(formatInvoiceNumber(2026, 123)).toBe("TT-2026-000123");
    expect(formatInvoiceNumber(2027, 1)).toBe("TT-2027-000001");
    expect(formatInvoiceNumber(2026, 1_234_567)).toBe("TT-2026-1234567");
  });

  it("take their year from UTC, whatever the server's zone", () => {
    expect(invoiceYear(new Date("2026-12-31T23:59:59.999Z"))).toBe(2026);
    expect(invoiceYear(new Date("2027-01-01T00:00:00.000Z"))).toBe(2027);
    expect(invoiceYear(new Date("2026-12-31T20:00:00-05:00"))).toBe(2027);
  });
});

describe("invoice amounts", () => {
  it("split the stored price into the carrier's freight and the stored platform fee, tax 0", () => {
    expect(invoiceAmounts({ paidCents: 56_736, priceCents: 56_736, platformFeeCents: 8_510 })).toEqual({
      freightCents: 48_226,
      feeCents: 8_510,
      taxCents: 0,
      totalCents: 56_736,
    });
  });

  it("charge the fee rate on an amount that is not the stored price", () => {
    const a = invoiceAmounts({ paidCents: 10_000, priceCents: 9_000, platformFeeCents: 1_350 });
    expect(a.feeCents).toBe((10_000 * PLATFORM_FEE_BPS) / 10_000);
    expect(a.freightCents + a.feeCents).toBe(10_000);
  });
});

describe("refund state", () => {
  const base = { amountCents: 5_000, refundedCents: 0, refundDueCents: null, refundStatus: null } as const;
  it("is none, pending, failed or refunded, Stripe's refunded total winning", () => {
    expect(refundState(base)).toEqual({ kind: "none" });
    expect(refundState({ ...base, refundDueCents: 4_500, refundStatus: "PENDING" })).toEqual({
      kind: "pending",
      dueCents: 4_500,
    });
    expect(refundState({ ...base, refundDueCents: 4_500, refundStatus: "FAILED" })).toEqual({
      kind: "failed",
      dueCents: 4_500,
    });
    expect(refundState({ ...base, refundDueCents: 4_500, refundStatus: "SUCCEEDED" })).toEqual({
      kind: "refunded",
      refundedCents: 4_500,
      full: false,
    });
    expect(refundState({ ...base, refundedCents: 5_000, refundDueCents: 4_500, refundStatus: "SUCCEEDED" })).toEqual({
      kind: "refunded",
      refundedCents: 5_000,
      full: true,
    });
  });
});
