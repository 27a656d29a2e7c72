// The shipper's billing page: their shipment invoices, newest first, a keyset page at a time.
import { db } from "~/server/db";
import { afterCursor, keysetPage } from "../keyset";
import { refundState, type TRefundState } from "./refund-state";

export type TInvoiceListItem = {
  id: string;
  number: string;
  issuedAt: Date;
  /** Cents in `currency`: what the invoice billed, and what of it has been refunded to the card since. */
  totalCents: number;
  currency: string;
  shipmentId: string;
  reference: string;
  refund: TRefundState;
};

/**
 * A page of `shipperId`'s shipment invoices in (issuedAt desc, id desc) order: `limit` items (default 20) after
 * `cursor` (the previous page's `nextCursor`), and `nextCursor`, null on the last page. Only the caller's own.
 *
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
export async function listShipperInvoices(opts: {
  shipperId: string;
  cursor?: string | null;
  limit?: number;
}): Promise<{ items: TInvoiceListItem[]; nextCursor: string | null }> {
  const limit = opts.limit ?? 20;
  const rows = await db.invoice.findMany({
    where: { userId: opts.shipperId, paymentId: { not: null }, ...afterCursor(opts.cursor, "issuedAt") },
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      number: true,
      issuedAt: true,
      amountCents: true,
      currency: true,
      payment: {
        select: {
          amountCents: true,
          refundedCents: true,
          refundDueCents: true,
          refundStatus: true,
          shipment: { select: { id: true, reference: true } },
        },
      },
    },
  });
  const page = keysetPage(rows, limit, (r) => r.issuedAt);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      number: r.number,
      issuedAt: r.issuedAt,
      totalCents: r.amountCents,
      currency: r.currency,
      shipmentId: r.payment!.shipment.id,
      reference: r.payment!.shipment.reference,
      refund: refundState(r.payment!),
    })),
  };
}
