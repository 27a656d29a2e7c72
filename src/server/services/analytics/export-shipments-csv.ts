// A shipper's shipments as CSV (issue 14 §2 "a CSV export of their shipments with every field"): every column of
// the Shipment row except the secrets (delivery-code hash, tracking token), newest first, streamed a page at a time.
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db";

/** Rows read per database round trip. */
export const CSV_PAGE = 1_000;

/** Columns left out: the delivery code's hash and the tracking link's bearer token are secrets, not data. */
const SECRET = new Set(["deliveryCodeHash", "trackingToken"]);

/** Every exported column, in the schema's order. */
export const CSV_COLUMNS = Object.values(Prisma.ShipmentScalarFieldEnum).filter((c) => !SECRET.has(c));

/**
 * One CSV cell (RFC 4180): null and undefined empty; dates as ISO 8601 UTC; arrays joined with "|". A value that a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return; OWASP "CSV injection") gets a
 * leading apostrophe; a cell holding a comma, quote or line break is quoted with quotes doubled.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (value instanceof Date) s = value.toISOString();
  else if (Array.isArray(value)) s = value.map(String).join("|");
  else if (typeof value === "object") s = JSON.stringify(value);
  else s = String(value as string | number | boolean | bigint);
  // Numbers are data, not formulas: a negative amount stays a number.
  if (typeof value !== "number" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line (CRLF-terminated) of `values`. */
export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * The CSV of every shipment of `shipperId`, header first, newest first (createdAt, then id), as a UTF-8 byte
 * stream read CSV_PAGE rows at a time on the (shipperId, createdAt DESC, id) index. Money columns are integer
 * cents, distances kilometres (as stored), times ISO 8601 UTC.
 */
export function shipmentsCsvStream(shipperId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const select = Object.fromEntries(CSV_COLUMNS.map((c) => [c, true])) as Prisma.ShipmentSelect;
  let after: { createdAt: Date; id: string } | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
        return;
      }
      const cursor = after;
      const rows = (await db.shipment.findMany({
        where: {
          shipperId,
          ...(cursor
            ? {
                OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }],
              }
            : {}),
        },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: CSV_PAGE,
        select,
      })) as unknown as Record<string, unknown>[];
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((r) => csvLine(CSV_COLUMNS.map((c) => r[c]))).join("")));
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.createdAt as Date, id: last.id as string };
      }
      if (rows.length < CSV_PAGE) controller.close();
    },
  });
}
