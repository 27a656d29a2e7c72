// The proof-of-delivery receipt: a driver delivers with a photo and a signature stored in the UploadThing stand-in;
// the receipt is a PDF (parsed back with pdf.js) naming the reference, the route, the times with their zones, the
// driver and the recipient, with both images drawn; the route serves it as a download to the shipper and admins
// only, and refuses another shipper, the load's own driver, a driver of another load and anonymous visitors.
import { createRequire } from "node:module";
import path from "node:path";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { UTFile, type UTApi } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startUploadThingStandIn, type UploadThingStandIn } from "../../../../devstack/uploadthing";
import { createShipment, createUser } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { GET as receiptRoute } from "~/app/api/shipments/[id]/delivery-receipt/route";
import { env } from "~/env";
import type { Role } from "~/generated/prisma/enums";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { deliver } from "~/server/services/shipments/lifecycle";
import { getDeliveryReceipt } from "./get-delivery-receipt";
import { recordUpload } from "./record-upload";
import { formatStopTime, renderDeliveryReceiptPdf } from "./render-delivery-receipt-pdf";

let standIn: UploadThingStandIn;
let utapi: UTApi;

beforeAll(async () => {
  standIn = await startUploadThingStandIn({ port: 0 });
  utapi = utapiFor({
    token: standIn.token,
    ingestUrl: standIn.url,
    apiUrl: standIn.url,
    ufsHost: standIn.ufsHost,
    ufsAppIdLocation: "path",
  });
});

afterAll(async () => {
  await standIn.close();
});

const STANDARD_FONTS = `${path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"))}/standard_fonts/`;

/** The PDF's text (items joined by spaces) and how many images its first page paints. */
async function readPdf(bytes: Uint8Array): Promise<{ text: string; images: number; pages: number }> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    standardFontDataUrl: STANDARD_FONTS,
  }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((i) => ("str" in i ? i.str : "")).join(" ");
  const ops = await page.getOperatorList();
  const images = ops.fnArray.filter((op) => op === OPS.paintImageXObject).length;
  const pages = doc.numPages;
  await doc.destroy();
  return { text, images, pages };
}

async function cookieFor(role: Role) {
  const user = await createUser(db, { role });
  const session = await sessionFor(user.id);
  const cookie = `${SESSION_COOKIE_NAME}=${await encodeJwt({
    token: { sid: session.id, sub: user.id, role },
    secret: env.AUTH_SECRET,
  })}`;
  return { user, cookie };
}

const getReceipt = (shipmentId: string, cookie?: string) =>
  receiptRoute(
    new Request(`http://localhost:3000/api/shipments/${shipmentId}/delivery-receipt`, {
      headers: cookie ? { cookie } : {},
    }),
    { params: Promise.resolve({ id: shipmentId }) },
  );

async function uploadAs(driverId: string, shipmentId: string, route: "podPhoto" | "podSignature", png: Buffer) {
  const [up] = await utapi.uploadFiles([new UTFile([new Uint8Array(png)], `${route}.png`, { type: "image/png" })]);
  const f = up!.data!;
  const result = await recordUpload({
    utapi,
    viewer: { id: driverId, role: "DRIVER" },
    route,
    shipmentId,
    file: { key: f.key, name: f.name, size: f.size, ufsUrl: f.ufsUrl },
  });
  if (!result.ok) throw new Error(result.message);
  return result.fileId;
}

/** A load from Chicago to Milwaukee delivered with photo, name, signature and position through `deliver`. */
async function deliveredWithImages() {
  const shipper = await createUser(db, { role: "SHIPPER", name: "Acme Freight" });
  const driver = await createUser(db, { role: "DRIVER", name: "Riley Road" });
  const made = await createShipment(db, {
    status: "IN_TRANSIT",
    shipperId: shipper.id,
    driverId: driver.id,
    podRequires: ["PHOTO", "SIGNATURE"],
  });
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#c07828" } })
    .png()
    .toBuffer();
  const signature = await sharp({ create: { width: 300, height: 100, channels: 4, background: "#00000000" } })
    .png()
    .toBuffer();
  const photoFileId = await uploadAs(driver.id, made.shipment.id, "podPhoto", photo);
  const signatureFileId = await uploadAs(driver.id, made.shipment.id, "podSignature", signature);
  await deliver({
    driverId: driver.id,
    id: made.shipment.id,
    photoFileId,
    signatureFileId,
    recipientName: "Dana Dock",
    lat: 43.0389,
    lng: -87.9065,
  });
  return { shipper, driver, ...made };
}

describe("the proof-of-delivery receipt", () => {
  it("names the reference, route, times with their zones, driver and recipient, and draws photo and signature", async () => {
    const t = await deliveredWithImages();
    const receipt = await getDeliveryReceipt({
      viewer: { id: t.shipper.id, role: "SHIPPER" },
      shipmentId: t.shipment.id,
      utapi,
    });
    expect(receipt).toMatchObject({
      reference: t.shipment.reference,
      recipientName: "Dana Dock",
      method: "SIGNATURE",
      position: { lat: 43.0389, lng: -87.9065 },
      driver: { name: "Riley Road" },
    });
    const pdf = await readPdf(await renderDeliveryReceiptPdf(receipt));
    const row = await db.shipment.findUniqueOrThrow({ where: { id: t.shipment.id } });
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain(t.shipment.reference);
    expect(pdf.text).toContain("Dana Dock");
    expect(pdf.text).toContain("Riley Road");
    expect(pdf.text).toContain("Acme Freight");
    expect(pdf.text).toContain(t.shipment.pickupAddress);
    expect(pdf.text).toContain(t.shipment.dropoffAddress);
    expect(pdf.text).toContain(formatStopTime(row.pickedUpAt!, row.pickupTimeZone));
    expect(pdf.text).toContain(formatStopTime(row.deliveredAt!, row.dropoffTimeZone));
    expect(pdf.text).toContain("(America/Chicago)");
    expect(pdf.text).toContain("43.03890, -87.90650");
    expect(pdf.images).toBe(2);

    const admin = await createUser(db, { role: "ADMIN" });
    await expect(
      getDeliveryReceipt({ viewer: { id: admin.id, role: "ADMIN" }, shipmentId: t.shipment.id, utapi }),
    ).resolves.toMatchObject({ reference: t.shipment.reference });
  });

  it("is refused (NOT_FOUND) to another shipper, the load's driver and a driver of another load", async () => {
    const t = await deliveredWithImages();
    const otherShipper = await createUser(db, { role: "SHIPPER" });
    const other = await deliveredWithImages();
    for (const viewer of [
      { id: otherShipper.id, role: "SHIPPER" as const },
      { id: t.driver.id, role: "DRIVER" as const },
      { id: other.driver.id, role: "DRIVER" as const },
      { id: other.shipper.id, role: "SHIPPER" as const },
    ]) {
      await expect(getDeliveryReceipt({ viewer, shipmentId: t.shipment.id, utapi })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
  });

  it("a photo gone from storage fails the receipt instead of issuing it without the photo", async () => {
    const t = await deliveredWithImages();
    const pod = await db.proofOfDelivery.findUniqueOrThrow({
      where: { shipmentId: t.shipment.id },
      select: { photoFile: { select: { key: true } } },
    });
    await utapi.deleteFiles([pod.photoFile!.key]);
    await expect(
      getDeliveryReceipt({ viewer: { id: t.shipper.id, role: "SHIPPER" }, shipmentId: t.shipment.id, utapi }),
    ).rejects.toMatchObject({ code: "INTERNAL" });
  });
});

describe("GET /api/shipments/<id>/delivery-receipt", () => {
  /** Delivered with the code and a recipient's name (no images, so no storage is needed by the route here). */
  async function deliveredWithCode() {
    const shipper = await cookieFor("SHIPPER");
    const driver = await createUser(db, { role: "DRIVER" });
    const made = await createShipment(db, { status: "DELIVERED", shipperId: shipper.user.id, driverId: driver.id });
    await db.proofOfDelivery.create({
      data: {
        shipmentId: made.shipment.id,
        method: "CODE",
        recipientName: "Sam Receiver",
        deliveredAt: made.shipment.deliveredAt!,
      },
    });
    return { shipper, driver, ...made };
  }

  it("serves the shipper and an admin a PDF download with the reference and the recipient's name", async () => {
    const t = await deliveredWithCode();
    const admin = await cookieFor("ADMIN");
    for (const cookie of [t.shipper.cookie, admin.cookie]) {
      const res = await getReceipt(t.shipment.id, cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="proof-of-delivery-${t.shipment.reference}.pdf"`,
      );
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toContain("no-store");
      const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
      expect(pdf.text).toContain(t.shipment.reference);
      expect(pdf.text).toContain("Sam Receiver");
      expect(pdf.images).toBe(0);
    }
  });

  it("answers a bare 404 to anonymous visitors, another shipper, the load's driver and a driver of another load", async () => {
    const t = await deliveredWithCode();
    const otherShipper = await cookieFor("SHIPPER");
    const ownDriver = await sessionCookieOf(t.driver.id, "DRIVER");
    const otherDriver = await cookieFor("DRIVER");
    await createShipment(db, { status: "IN_TRANSIT", shipperId: otherShipper.user.id, driverId: otherDriver.user.id });
    for (const cookie of [undefined, otherShipper.cookie, ownDriver, otherDriver.cookie, "tt.session=forged"]) {
      const res = await getReceipt(t.shipment.id, cookie);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe("");
    }
  });

  it("answers 404 before delivery and for a shipment that does not exist, even to its shipper", async () => {
    const shipper = await cookieFor("SHIPPER");
    const driver = await createUser(db, { role: "DRIVER" });
    const { shipment } = await createShipment(db, {
      status: "IN_TRANSIT",
      shipperId: shipper.user.id,
      driverId: driver.id,
    });
    expect((await getReceipt(shipment.id, shipper.cookie)).status).toBe(404);
    expect((await getReceipt("no-such-shipment", shipper.cookie)).status).toBe(404);
    expect((await getReceipt("../../etc/passwd", shipper.cookie)).status).toBe(404);
  });
});

async function sessionCookieOf(userId: string, role: Role) {
  const session = await sessionFor(userId);
  return `${SESSION_COOKIE_NAME}=${await encodeJwt({ token: { sid: session.id, sub: userId, role }, secret: env.AUTH_SECRET })}`;
}
