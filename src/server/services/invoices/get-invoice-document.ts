// One shipment invoice as the PDF prints it, for the people allowed to see it: the shipper billed, and admins.
import type { Role } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { ZInvoiceSnapshotSchema, type TInvoiceSnapshot } from "./issue-shipment-invoice";
import { refundState, type TRefundState } from "./refund-state";

export type TInvoiceDocument = {
  id: string;
  number: string;
  issuedAt: Date;
  currency: string;
  /** Cents: the carrier's freight charge, the platform fee, the tax (at taxRateBps basis points), and their sum. */
  freightCents: number;
  feeCents: number;
  taxCents: number;
  taxRateBps: number;
  taxNote: string | null;
  totalCents: number;
  snapshot: TInvoiceSnapshot;
  refund: TRefundState;
};

const notFound = () => new AppError("NOT_FOUND", "Invoice not found.");

/**
 * The shipment invoice `invoiceId` for `viewer`: its shipper or an admin. Anyone else, an unknown id and a
 * subscription invoice (those are Stripe's, with their own hosted page) all throw the same AppError NOT_FOUND, so
 * the answer does not tell whether the invoice exists.
 */
export async function getInvoiceDocument(
  viewer: { id: string; role: Role },
  invoiceId: string,
): Promise<TInvoiceDocument> {
  const row = await db.invoice.findUnique({
    where: { id: invoiceId },
    select: {
      id: true,
      userId: true,
      number: true,
      issuedAt: true,
      currency: true,
      amountCents: true,
      freightCents: true,
      feeCents: true,
      taxCents: true,
      taxRateBps: true,
      taxNote: true,
      snapshot: true,
      payment: { select: { amountCents: true, refundedCents: true, refundDueCents: true, refundStatus: true } },
    },
  });
  if (!row?.payment || (viewer.role !== "ADMIN" && row.userId !== viewer.id)) throw notFound();
  const snapshot = ZInvoiceSnapshotSchema.safeParse(row.snapshot);
  if (!snapshot.success) throw new AppError("INTERNAL", `Invoice ${row.number} has no readable details.`);
  return {
    id: row.id,
    number: row.number,
    issuedAt: row.issuedAt,
    currency: row.currency,
    freightCents: row.freightCents,
    feeCents: row.feeCents,
    taxCents: row.taxCents,
    taxRateBps: row.taxRateBps,
    taxNote: row.taxNote,
    totalCents: row.amountCents,
    snapshot: snapshot.data,
    refund: refundState(row.payment),
  };
}
