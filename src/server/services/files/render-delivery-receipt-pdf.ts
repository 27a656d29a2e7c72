// The proof-of-delivery receipt as a PDF, drawn like the invoice (pdf-lib, US Letter, the standard Helvetica fonts):
// reference, route, pick-up and delivery times in each stop's zone, driver, recipient, the driver's position, and the
// photo and signature images. pdf-lib embeds JPEG and PNG only, so the photo (JPEG, PNG or WebP as stored) is
// re-encoded as a JPEG with sharp and the signature as a PNG (its transparency kept).
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFImage, type PDFPage } from "pdf-lib";
import sharp from "sharp";

import { formatMilesAndKm } from "~/components/shipments/format";
import { haversineKm } from "~/lib/geo";
import { formatInZone } from "~/lib/viewer-zone";
import type { TDeliveryReceipt, TReceiptImage } from "./get-delivery-receipt";

const PAGE: [number, number] = [612, 792]; // US Letter in points
const MARGIN = 56;
const RIGHT = PAGE[0] - MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.4, 0.42, 0.46);
/** The photo is scaled down to this many pixels on its longest side before embedding (keeps the file small). */
const PHOTO_MAX_PX = 1200;

const PROOF_WORDS = { CODE: "recipient's code", PHOTO: "photo", SIGNATURE: "name and signature" } as const;

/**
 * "Nov 30, 2026, 1:45 PM CST (America/Chicago)": instant `at` in IANA zone `zone` (UTC when the row has none), with
 * the zone named both ways (formatInZone's short name, then the IANA name) so the reader never has to guess.
 */
export function formatStopTime(at: Date, zone: string | null): string {
  const timeZone = zone ?? "UTC";
  const text = formatInZone(at, "datetime", timeZone);
  return timeZone === "UTC" ? text : `${text} (${timeZone})`;
}

type TPen = { page: PDFPage; y: number; regular: PDFFont; bold: PDFFont };

function clean(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/\s+/g, " ")].map((c) => (supported.has(c.codePointAt(0)!) ? c : "?")).join("");
}

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

function text(pen: TPen, s: string, o: { x?: number; size?: number; bold?: boolean; muted?: boolean } = {}) {
  const size = o.size ?? 10;
  const font = o.bold ? pen.bold : pen.regular;
  const x = o.x ?? MARGIN;
  for (const line of wrap(font, s, size, RIGHT - x)) {
    pen.page.drawText(line, { x, y: pen.y, size, font, color: o.muted ? MUTED : INK });
    pen.y -= size + 4;
  }
}

/** A label in bold at the left margin and its value beside it (wrapped in the value column). */
function field(pen: TPen, label: string, value: string) {
  pen.page.drawText(clean(pen.bold, label), { x: MARGIN, y: pen.y, size: 10, font: pen.bold, color: INK });
  text(pen, value, { x: MARGIN + 120 });
  pen.y -= 2;
}

async function embedImage(pdf: PDFDocument, image: TReceiptImage, as: "jpeg" | "png"): Promise<PDFImage> {
  if (as === "jpeg") {
    const jpeg = await sharp(image.bytes)
      .resize({ width: PHOTO_MAX_PX, height: PHOTO_MAX_PX, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82 })
      .toBuffer();
    return pdf.embedJpg(jpeg);
  }
  return pdf.embedPng(await sharp(image.bytes).png().toBuffer());
}

/** Draws `image` scaled to fit a `w` × `h` box whose top-left is at (`x`, pen.y), with a caption under the box. */
function drawBoxed(pen: TPen, image: PDFImage, caption: string, box: { x: number; w: number; h: number }) {
  const scale = Math.min(box.w / image.width, box.h / image.height, 1);
  const w = image.width * scale;
  const h = image.height * scale;
  const top = pen.y;
  pen.page.drawRectangle({
    x: box.x,
    y: top - box.h,
    width: box.w,
    height: box.h,
    borderColor: MUTED,
    borderWidth: 0.5,
  });
  pen.page.drawImage(image, { x: box.x + (box.w - w) / 2, y: top - box.h + (box.h - h) / 2, width: w, height: h });
  pen.page.drawText(clean(pen.regular, caption), {
    x: box.x,
    y: top - box.h - 12,
    size: 8,
    font: pen.regular,
    color: MUTED,
  });
}

/**
 * Renders `r` as a one-page PDF receipt issued at `issuedAt` (an instant, printed in UTC). Times of the pick-up and
 * the delivery are in each stop's own zone (UTC for rows without one); distances in miles with km beside them;
 * positions in degrees.
 */
export async function renderDeliveryReceiptPdf(r: TDeliveryReceipt, issuedAt = new Date()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Proof of delivery ${r.reference}`);
  pdf.setSubject(`Proof of delivery for shipment ${r.reference}`);
  pdf.setAuthor("Trial Transport");
  pdf.setCreationDate(issuedAt);
  pdf.setModificationDate(issuedAt);
  const pen: TPen = {
    page: pdf.addPage(PAGE),
    y: PAGE[1] - MARGIN,
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };

  text(pen, "PROOF OF DELIVERY", { size: 20, bold: true });
  pen.y -= 4;
  text(pen, `Shipment ${r.reference}`, { size: 12, bold: true });
  pen.y -= 10;

  field(pen, "Pick-up", `${r.pickup.address} (${r.pickup.city})`);
  field(pen, "Picked up", r.pickedUpAt ? formatStopTime(r.pickedUpAt, r.pickup.timeZone) : "Not recorded");
  field(pen, "Drop-off", `${r.dropoff.address} (${r.dropoff.city})`);
  field(pen, "Delivered", formatStopTime(r.deliveredAt, r.dropoff.timeZone));
  if (r.capturedAt && r.deliveredAt.getTime() - r.capturedAt.getTime() > 60_000) {
    field(
      pen,
      "Proof given",
      `${formatStopTime(r.capturedAt, r.dropoff.timeZone)} on the driver's phone, sent once online`,
    );
  }
  field(pen, "Cargo", r.cargoDescription);
  field(pen, "Shipper", r.shipperName);
  field(pen, "Driver", r.driver ? `${r.driver.name}${r.driver.plate ? `, plate ${r.driver.plate}` : ""}` : "Unknown");
  field(pen, "Received by", r.recipientName ?? "Name not recorded");
  field(pen, "Proof required", r.requires.map((m) => PROOF_WORDS[m]).join(", ") || PROOF_WORDS[r.method]);
  const position = r.position
    ? `${r.position.lat.toFixed(5)}, ${r.position.lng.toFixed(5)} (${formatMilesAndKm(
        haversineKm(r.position, r.dropoff),
      )} from the drop-off)`
    : "Not shared by the driver's phone";
  field(pen, "Driver's position", position);
  pen.y -= 12;

  const [photo, signature] = await Promise.all([
    r.photo ? embedImage(pdf, r.photo, "jpeg") : null,
    r.signature ? embedImage(pdf, r.signature, "png") : null,
  ]);
  if (photo || signature) {
    const gap = 20;
    const w = (RIGHT - MARGIN - gap) / 2;
    if (photo) drawBoxed(pen, photo, "Photo of the delivered cargo", { x: MARGIN, w, h: 240 });
    if (signature) {
      drawBoxed(pen, signature, `Signature of ${r.recipientName ?? "the recipient"}`, {
        x: photo ? MARGIN + w + gap : MARGIN,
        w,
        h: 120,
      });
    }
    pen.y -= (photo ? 240 : 120) + 28;
  }

  text(
    pen,
    "Times are in each stop's local time zone. Position in degrees (WGS 84) as reported by the driver's phone.",
    { size: 8, muted: true },
  );
  text(pen, `Receipt issued ${formatStopTime(issuedAt, "UTC")}.`, { size: 8, muted: true });
  return pdf.save();
}
