// Who issues shipment invoices and how they are taxed. One place, so the PDF, the billing page and the tests agree.
import { PLATFORM_FEE_BPS } from "~/lib/pricing";

/** The seller on every shipment invoice: the platform, which collects the price and pays the carrier. */
export const INVOICE_ISSUER = {
  name: "Trial Transport, Inc.",
  addressLines: ["100 Market Street, Suite 300", "Chicago, IL 60606", "United States"],
  email: "billing@trial-transport.test",
} as const;

/** Tax on shipment invoices: none charged, in basis points, and the note printed on the tax line to say why. */
export const INVOICE_TAX_RATE_BPS = 0;
export const INVOICE_TAX_NOTE = "No sales tax charged: interstate freight transportation services are not taxed.";

/**
 * How a paid amount (cents) splits into the invoice's lines: the platform fee is the shipment's stored fee when the
 * payment is for its stored price, else PLATFORM_FEE_BPS of the amount (src/lib/pricing.ts); the carrier's freight
 * charge is the rest, and the tax INVOICE_TAX_RATE_BPS of the whole. `total` is what the shipper paid plus tax.
 */
export function invoiceAmounts(opts: { paidCents: number; priceCents: number; platformFeeCents: number }): {
  freightCents: number;
  feeCents: number;
  taxCents: number;
  totalCents: number;
} {
  const feeCents =
    opts.paidCents === opts.priceCents
      ? opts.platformFeeCents
      : Math.round((opts.paidCents * PLATFORM_FEE_BPS) / 10_000);
  const taxCents = Math.round((opts.paidCents * INVOICE_TAX_RATE_BPS) / 10_000);
  return { freightCents: opts.paidCents - feeCents, feeCents, taxCents, totalCents: opts.paidCents + taxCents };
}
