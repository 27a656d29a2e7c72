// Invoice numbers (issue 13 §3): TT-<year>-<6-digit sequence>, one sequence per calendar year in UTC. The number is
// taken from the year's InvoiceCounter row inside the paying transaction: the upsert locks that row until commit, so
// concurrent payments queue for it (no duplicates) and a rolled-back payment gives its number back (no gaps), which
// a Postgres sequence would not.
import type { TTx } from "../shipments/transition";

/** The zone whose calendar year numbers invoices, and the zone invoice dates are shown in. */
export const INVOICE_TIME_ZONE = "UTC";

/** "TT-2026-000123" for the 123rd invoice of 2026; sequences past 999,999 keep all their digits. */
export function formatInvoiceNumber(year: number, seq: number): string {
  return `TT-${year}-${String(seq).padStart(6, "0")}`;
}

/** The invoice-numbering year (UTC) of an instant. */
export function invoiceYear(at: Date): number {
  return at.getUTCFullYear();
}

/**
 * Takes the next number of `year`'s sequence (1 for the year's first invoice) inside `tx`. The counter row stays
 * locked until `tx` ends: call it late in the transaction and only when the invoice will be written.
 */
export async function takeInvoiceNumberInTx(tx: TTx, year: number): Promise<{ year: number; seq: number }> {
  const rows = await tx.$queryRaw<{ lastNumber: number }[]>`
    INSERT INTO "InvoiceCounter" ("year", "lastNumber") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "lastNumber" = "InvoiceCounter"."lastNumber" + 1
    RETURNING "lastNumber"`;
  return { year, seq: rows[0]!.lastNumber };
}
