// The invoice as a PDF (pdf-lib, US Letter, the standard Helvetica fonts so nothing is fetched or embedded).
// Text the fonts cannot encode (WinAnsi) is replaced with "?" rather than failing the download.
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";

import { formatMoney } from "~/lib/money";
import { formatMilesAndKm } from "~/components/shipments/format";
import type { TInvoiceDocument } from "./get-invoice-document";
import { INVOICE_TIME_ZONE } from "./invoice-number";

const PAGE: [number, number] = [612, 792]; // US Letter in points
const MARGIN = 56;
const RIGHT = PAGE[0] - MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.4, 0.42, 0.46);

/** "Nov 30, 2026, 1:45 PM UTC": the invoice's date in INVOICE_TIME_ZONE, with the zone named. */
export function formatInvoiceDate(at: Date): string {
  return new Intl.DateTimeFormat("en-US", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: INVOICE_TIME_ZONE,
  })
    .format(at)
    .concat(` ${INVOICE_TIME_ZONE}`);
}

type TPen = { page: PDFPage; y: number; regular: PDFFont; bold: PDFFont };

function clean(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/\s+/g, " ")].map((c) => (supported.has(c.codePointAt(0)!) ? c : "?")).join("");
}

/** Splits `text` into lines no wider than `width` points at `size`. */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of clean(font, text).split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function text(
  pen: TPen,
  s: string,
  o: { x?: number; size?: number; bold?: boolean; muted?: boolean; width?: number } = {},
) {
  const size = o.size ?? 10;
  const font = o.bold ? pen.bold : pen.regular;
  for (const line of wrap(font, s, size, o.width ?? RIGHT - (o.x ?? MARGIN))) {
    pen.page.drawText(line, { x: o.x ?? MARGIN, y: pen.y, size, font, color: o.muted ? MUTED : INK });
    pen.y -= size + 4;
  }
}

/** One row of the amounts table: description at the left (wrapped), the amount right-aligned. */
function row(pen: TPen, label: string, amount: string, o: { bold?: boolean; note?: string } = {}) {
  const font = o.bold ? pen.bold : pen.regular;
  const size = 10;
  const amountText = clean(font, amount);
  pen.page.drawText(amountText, {
    x: RIGHT - font.widthOfTextAtSize(amountText, size),
    y: pen.y,
    size,
    font,
    color: INK,
  });
  text(pen, label, { bold: o.bold, width: RIGHT - MARGIN - 110 });
  if (o.note) text(pen, o.note, { size: 8, muted: true, width: RIGHT - MARGIN - 110 });
  pen.y -= 4;
}

function rule(pen: TPen) {
  pen.page.drawLine({
    start: { x: MARGIN, y: pen.y + 8 },
    end: { x: RIGHT, y: pen.y + 8 },
    thickness: 0.5,
    color: MUTED,
  });
  pen.y -= 8;
}

/**
 * Renders `doc` as a one-page PDF: the invoice number and issue date (with its zone), both parties, the shipment,
 * the lines (freight, platform fee, subtotal, tax with its note, total), how it was paid, and any refund as a
 * credit line with the net paid. Money in `doc.currency`; distances in miles with km beside them.
 */
export async function renderInvoicePdf(doc: TInvoiceDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${doc.number}`);
  pdf.setAuthor(doc.snapshot.issuer.name);
  pdf.setCreationDate(doc.issuedAt);
  pdf.setModificationDate(doc.issuedAt);
  const pen: TPen = {
    page: pdf.addPage(PAGE),
    y: PAGE[1] - MARGIN,
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const money = (cents: number) => formatMoney(cents, doc.currency);
  const { issuer, billedTo, shipment } = doc.snapshot;

  text(pen, "INVOICE", { size: 20, bold: true });
  pen.y -= 4;
  text(pen, `Invoice number: ${doc.number}`, { bold: true });
  text(pen, `Date of issue: ${formatInvoiceDate(doc.issuedAt)}`);
  text(pen, `Status: ${doc.refund.kind === "refunded" && doc.refund.full ? "Paid, refunded" : "Paid"}`);
  pen.y -= 12;

  const top = pen.y;
  text(pen, "From", { bold: true, width: 240 });
  for (const line of [issuer.name, ...issuer.addressLines, issuer.email]) text(pen, line, { width: 240 });
  const leftEnd = pen.y;
  pen.y = top;
  text(pen, "Billed to", { x: 320, bold: true });
  text(pen, billedTo.name, { x: 320 });
  text(pen, billedTo.email, { x: 320 });
  pen.y = Math.min(pen.y, leftEnd) - 12;

  text(pen, `Shipment ${shipment.reference}`, { bold: true });
  text(pen, `Cargo: ${shipment.cargoDescription}`);
  text(pen, `Pick-up: ${shipment.pickupAddress}`);
  text(pen, `Drop-off: ${shipment.dropoffAddress}`);
  text(pen, `Distance: ${formatMilesAndKm(shipment.distanceKm)}`);
  pen.y -= 12;

  row(pen, "Description", "Amount", { bold: true });
  rule(pen);
  row(pen, `Freight: ${shipment.reference}, carrier's linehaul charge`, money(doc.freightCents));
  row(pen, "Platform fee", money(doc.feeCents));
  rule(pen);
  row(pen, "Subtotal", money(doc.freightCents + doc.feeCents));
  row(pen, `Tax (${(doc.taxRateBps / 100).toFixed(2)} %)`, money(doc.taxCents), { note: doc.taxNote ?? undefined });
  rule(pen);
  row(pen, "Total", money(doc.totalCents), { bold: true });
  row(pen, `Paid by card on ${formatInvoiceDate(doc.issuedAt)}`, money(-doc.totalCents));
  if (doc.refund.kind === "refunded") {
    row(pen, "Credit: refunded to card", money(doc.refund.refundedCents));
    rule(pen);
    row(pen, "Net paid", money(doc.totalCents - doc.refund.refundedCents), { bold: true });
  } else {
    rule(pen);
    row(pen, "Amount due", money(0), { bold: true });
    if (doc.refund.kind === "pending")
      text(pen, `A refund of ${money(doc.refund.dueCents)} is on its way to the card.`);
    if (doc.refund.kind === "failed") {
      text(pen, `A refund of ${money(doc.refund.dueCents)} could not be sent; our support team will contact you.`);
    }
  }
  pen.y -= 16;
  text(pen, `Amounts in ${doc.currency}. Dates and times in ${INVOICE_TIME_ZONE}.`, { size: 8, muted: true });
  text(pen, `Questions about this invoice: ${issuer.email}`, { size: 8, muted: true });
  return pdf.save();
}
