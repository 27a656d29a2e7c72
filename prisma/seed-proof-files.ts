// The demo's delivered load (Dana's Milwaukee → Chicago for Sam Shipper) has a full proof of delivery: the seed
// (seed.ts) writes the proof with the recipient's name, position and times; this step stores its cargo photo and
// the recipient's signature in UploadThing through the official SDK (UTApi) and records them as the app's own upload
// path does (check-upload.ts: bytes read back, typed by their magic numbers, the photo cleaned of its camera
// metadata, sizes and SHA-256), so the shipper opens the proof, downloads the PDF receipt, and the public tracking
// page shows the photo. It needs UploadThing running, which the seed does not: `npm run dev` runs it after starting
// the stand-ins; `npm run db:seed` runs it when UPLOADTHING_TOKEN is set. Idempotent: a proof that has its photo and
// signature is left alone. The images are drawn here (sharp, from SVG): no network, no committed binaries.
import { createHash } from "node:crypto";

import sharp from "sharp";
import { UTFile, type UTApi } from "uploadthing/server";

import type { PrismaClient } from "~/generated/prisma/client";
import { UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";
import { fileColumns, photoRouteChecks, recordCheckedUpload } from "~/server/services/files/check-upload";

/** A fixed shipment id for `key` (s + 24 hex, as newShipmentId makes), so every step finds the seed's rows. */
export function demoShipmentId(key: string): string {
  return `s${createHash("sha256").update(`seed-demo:${key}`).digest("hex").slice(0, 24)}`;
}

/** Dana's delivered load with the full proof (photo, signature, recipient's name). */
export const DEMO_DELIVERED_ID = demoShipmentId("delivered-milwaukee-chicago");
/** Dana's load in transit, which requires photo + signature + code at delivery. */
export const DEMO_IN_TRANSIT_ID = demoShipmentId("in-transit-chicago-detroit");

/** A cargo photo: shrink-wrapped pallets on a dock floor, 1280 × 960 JPEG carrying a phone's EXIF (Make, Model, GPS). */
export async function demoCargoPhoto(): Promise<Buffer> {
  const box = (x: number, y: number, w: number, h: number, fill: string) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" stroke="#6b4a22" stroke-width="4"/>` +
    `<line x1="${x}" y1="${y + h / 2}" x2="${x + w}" y2="${y + h / 2}" stroke="#d9c49a" stroke-width="10"/>`;
  const pallet = (x: number) =>
    `<rect x="${x}" y="760" width="420" height="40" fill="#a57c45"/>` +
    `<rect x="${x + 10}" y="800" width="60" height="30" fill="#8a6535"/>` +
    `<rect x="${x + 180}" y="800" width="60" height="30" fill="#8a6535"/>` +
    `<rect x="${x + 350}" y="800" width="60" height="30" fill="#8a6535"/>` +
    box(x + 10, 600, 195, 160, "#c8955a") +
    box(x + 215, 600, 195, 160, "#bf8a4f") +
    box(x + 10, 440, 195, 160, "#bf8a4f") +
    box(x + 215, 440, 195, 160, "#c8955a") +
    box(x + 60, 300, 300, 140, "#c8955a") +
    `<rect x="${x + 5}" y="295" width="410" height="470" fill="#ffffff" fill-opacity="0.18" stroke="#e8eef2" stroke-width="3"/>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="960">` +
    `<rect width="1280" height="960" fill="#4d5a63"/>` +
    `<rect y="0" width="1280" height="330" fill="#2f3a42"/>` +
    `<rect x="80" y="40" width="520" height="280" fill="#9aa7b0"/><rect x="680" y="40" width="520" height="280" fill="#9aa7b0"/>` +
    `<rect y="830" width="1280" height="130" fill="#e2b93b"/>` +
    `<rect y="840" width="1280" height="20" fill="#3d3d3d"/>` +
    pallet(140) +
    pallet(700) +
    `</svg>`;
  return sharp(Buffer.from(svg))
    .jpeg({ quality: 82 })
    .withExif({
      IFD0: { Make: "DemoPhone", Model: "Dock Camera" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "41/1 52/1 4100/100",
        GPSLongitudeRef: "W",
        GPSLongitude: "87/1 38/1 1300/100",
      },
    })
    .toBuffer();
}

/** The recipient's signature: ink strokes on white, 600 × 200 PNG, as the driver's signature pad exports it. */
export async function demoSignature(): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200">` +
    `<rect width="600" height="200" fill="#ffffff"/>` +
    `<path d="M40 130 C 60 40, 95 40, 90 120 S 120 170, 140 110 C 150 80, 170 80, 175 120 C 180 150, 200 150, 215 110 ` +
    `C 225 85, 240 90, 240 120 C 240 140, 260 145, 275 115 L 290 85 C 300 150, 320 150, 335 100 C 345 70, 360 75, 365 115 ` +
    `C 370 150, 395 145, 410 105 C 420 80, 440 85, 445 120 C 450 150, 480 140, 500 100 C 515 70, 540 80, 560 95" ` +
    `fill="none" stroke="#102a5c" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>` +
    `<path d="M60 160 L 540 160" stroke="#9aa7b0" stroke-width="2"/>` +
    `</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

type TSlot = { route: Extract<TUploadRoute, "podPhoto" | "podSignature">; name: string; type: string };

const SLOTS: Record<"photo" | "signature", TSlot> = {
  photo: { route: "podPhoto", name: "delivery-photo.jpg", type: "image/jpeg" },
  signature: { route: "podSignature", name: "signature.png", type: "image/png" },
};

/**
 * Stores the delivered demo load's proof photo and signature through `utapi` and links them to its proof, each only
 * when the proof lacks it. Returns what it did: "stored" (one or both added), "present" (nothing to do), or
 * "no-proof" (the demo's delivered load is not in this database: seeded before this step existed, or not seeded).
 *
 * @throws Error when UploadThing cannot be reached or refuses a file (the caller reports it; the rows stay as they
 *   were, the next run tries again).
 */
export async function seedProofFiles(client: PrismaClient, utapi: UTApi): Promise<"stored" | "present" | "no-proof"> {
  const proof = await client.proofOfDelivery.findUnique({
    where: { shipmentId: DEMO_DELIVERED_ID },
    select: {
      id: true,
      photoFileId: true,
      signatureFileId: true,
      capturedAt: true,
      deliveredAt: true,
      shipment: { select: { driverId: true } },
    },
  });
  if (!proof?.shipment.driverId) return "no-proof";
  const driverId = proof.shipment.driverId;
  const todo = (["photo", "signature"] as const).filter((k) =>
    k === "photo" ? !proof.photoFileId : !proof.signatureFileId,
  );
  for (const slot of todo) {
    const { route, name, type } = SLOTS[slot];
    const bytes = slot === "photo" ? await demoCargoPhoto() : await demoSignature();
    const [up] = await utapi.uploadFiles([new UTFile([new Uint8Array(bytes)], name, { type })], {
      acl: "private",
      contentDisposition: "attachment",
    });
    if (!up?.data) throw new Error(`UploadThing did not store ${name}: ${up?.error?.message ?? "no answer"}`);
    const rule = UPLOAD_RULES[route];
    const result = await recordCheckedUpload({
      client,
      utapi,
      file: { key: up.data.key, name, size: bytes.byteLength, ufsUrl: up.data.ufsUrl },
      ...photoRouteChecks(rule),
      write: async (tx, upload) => {
        const file = await tx.file.create({
          data: {
            ...fileColumns(upload),
            ownerId: driverId,
            shipmentId: DEMO_DELIVERED_ID,
            kind: rule.kind,
            route,
            // Uploaded at the door, as the driver's phone does just before submitting the delivery.
            createdAt: proof.capturedAt ?? proof.deliveredAt,
          },
          select: { id: true },
        });
        await tx.proofOfDelivery.update({
          where: { id: proof.id },
          data: slot === "photo" ? { photoFileId: file.id } : { signatureFileId: file.id },
        });
        return file;
      },
    });
    if (!result.ok) throw new Error(`The demo ${slot} was refused: ${result.message}`);
  }
  return todo.length > 0 ? "stored" : "present";
}
