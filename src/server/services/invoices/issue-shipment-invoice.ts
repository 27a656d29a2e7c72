// A numbered invoice per paid shipment (issue 13 §3), written in the transaction that marks the payment paid
// (payments/mark-paid.ts): the payment, its invoice and its number commit together or not at all.
import { z } from "zod";

import type { TTx } from "../shipments/transition";
import { INVOICE_ISSUER, INVOICE_TAX_NOTE, INVOICE_TAX_RATE_BPS, invoiceAmounts } from "./invoice-terms";
import { formatInvoiceNumber, invoiceYear, takeInvoiceNumberInTx } from "./invoice-number";

/** What an invoice bills and to whom, frozen when it is issued (Invoice.snapshot). Distances in km. */
export const ZInvoiceSnapshotSchema = z.object({
  shipment: z.object({
    id: z.string(),
    reference: z.string(),
    cargoDescription: z.string(),
    pickupAddress: z.string(),
    dropoffAddress: z.string(),
    distanceKm: z.number(),
  }),
  billedTo: z.object({ name: z.string(), email: z.string() }),
  issuer: z.object({ name: z.string(), addressLines: z.array(z.string()), email: z.string() }),
});
export type TInvoiceSnapshot = z.infer<typeof ZInvoiceSnapshotSchema>;

/**
 * Issues the invoice of the SUCCEEDED payment `paymentId` at `at` (its paidAt), numbered in `at`'s UTC year.
 * Idempotent: a payment that already has an invoice gets that one back and no number is taken. Returns the
 * invoice's id and number. Throws Prisma's not-found error when the payment does not exist.
 */
export async function issueShipmentInvoiceInTx(
  tx: TTx,
  opts: { paymentId: string; at: Date },
): Promise<{ id: string; number: string }> {
  const existing = await tx.invoice.findUnique({
    where: { paymentId: opts.paymentId },
    select: { id: true, number: true },
  });
  if (existing) return existing;
  const payment = await tx.payment.findUniqueOrThrow({
    where: { id: opts.paymentId },
    select: {
      id: true,
      payerId: true,
      amountCents: true,
      currency: true,
      payer: { select: { name: true, email: true } },
      shipment: {
        select: {
          id: true,
          reference: true,
          cargoDescription: true,
          pickupAddress: true,
          pickupFormattedAddress: true,
          dropoffAddress: true,
          dropoffFormattedAddress: true,
          distanceKm: true,
          priceCents: true,
          platformFeeCents: true,
        },
      },
    },
  });
  const s = payment.shipment;
  const amounts = invoiceAmounts({
    paidCents: payment.amountCents,
    priceCents: s.priceCents,
    platformFeeCents: s.platformFeeCents,
  });
  const snapshot: TInvoiceSnapshot = {
    shipment: {
      id: s.id,
      reference: s.reference,
      cargoDescription: s.cargoDescription,
      pickupAddress: s.pickupFormattedAddress ?? s.pickupAddress,
      dropoffAddress: s.dropoffFormattedAddress ?? s.dropoffAddress,
      distanceKm: s.distanceKm,
    },
    billedTo: { name: payment.payer.name, email: payment.payer.email },
    issuer: { ...INVOICE_ISSUER, addressLines: [...INVOICE_ISSUER.addressLines] },
  };
  // Last, so the year's counter row is locked for as short a time as this transaction allows.
  const { year, seq } = await takeInvoiceNumberInTx(tx, invoiceYear(opts.at));
  return tx.invoice.create({
    data: {
      userId: payment.payerId,
      paymentId: payment.id,
      number: formatInvoiceNumber(year, seq),
      numberYear: year,
      numberSeq: seq,
      amountCents: amounts.totalCents,
      currency: payment.currency,
      status: "PAID",
      periodStart: opts.at,
      periodEnd: opts.at,
      issuedAt: opts.at,
      freightCents: amounts.freightCents,
      feeCents: amounts.feeCents,
      taxCents: amounts.taxCents,
      taxRateBps: INVOICE_TAX_RATE_BPS,
      taxNote: INVOICE_TAX_NOTE,
      snapshot,
    },
    select: { id: true, number: true },
  });
}
