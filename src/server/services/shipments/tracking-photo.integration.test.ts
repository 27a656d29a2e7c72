// The recipient's tracking link shows the delivery photo and nothing else of the proof: against the UploadThing
// stand-in, a load delivered with a photo and a signature; the link reaches the photo (thumbnail or full, the bytes
// stored for it) only once delivered and only when the shipper shows it, never the signature, and not after the
// link expires.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { UTFile, type UTApi } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startUploadThingStandIn, type UploadThingStandIn } from "../../../../devstack/uploadthing";
import { createShipment, createUser } from "../../../../prisma/factories";
import { callerWith } from "../../../../scripts/test/helpers";
import { GET as trackingPhotoRoute } from "~/app/api/tracking/[token]/delivery-photo/route";
import type { ProofMethod } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { recordUpload } from "~/server/services/files/record-upload";
import { deliver } from "./lifecycle";
import { trackingPhotoUrl } from "./tracking-photo";

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

async function upload(driverId: string, shipmentId: string, route: "podPhoto" | "podSignature", png: Buffer) {
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

/** An in-transit load requiring `requires`, and a function that delivers it with those proofs through `deliver`. */
async function load(requires: ProofMethod[], photoPublic: boolean) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const made = await createShipment(db, {
    status: "IN_TRANSIT",
    shipperId: shipper.id,
    driverId: driver.id,
    podRequires: requires,
  });
  await db.shipment.update({ where: { id: made.shipment.id }, data: { podPhotoPublic: photoPublic } });
  const deliverNow = async () => {
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#2a7fc0" } })
      .png()
      .toBuffer();
    const signature = await sharp({ create: { width: 300, height: 100, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    const photoFileId = requires.includes("PHOTO")
      ? await upload(driver.id, made.shipment.id, "podPhoto", photo)
      : undefined;
    const signatureFileId = requires.includes("SIGNATURE")
      ? await upload(driver.id, made.shipment.id, "podSignature", signature)
      : undefined;
    await deliver({
      driverId: driver.id,
      id: made.shipment.id,
      photoFileId,
      signatureFileId,
      recipientName: "Dana Dock",
      code: requires.includes("CODE") ? made.deliveryCode : undefined,
    });
    return db.proofOfDelivery.findUniqueOrThrow({
      where: { shipmentId: made.shipment.id },
      select: {
        photoFile: { select: { id: true, key: true, thumbnailKey: true, sha256: true } },
        signatureFile: { select: { id: true, key: true, thumbnailKey: true, sha256: true } },
      },
    });
  };
  return { ...made, driver, deliverNow };
}

/** The storage key a signed URL points at (`/a/<appId>/<key>?expires=…&signature=…`). */
const keyOf = (url: string) => new URL(url).pathname.split("/").pop();

const sha256 = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return createHash("sha256")
    .update(Buffer.from(await res.arrayBuffer()))
    .digest("hex");
};

describe("the delivery photo behind a tracking link", () => {
  it("appears once delivered, serves the photo's own bytes, and never the signature", async () => {
    const t = await load(["CODE", "PHOTO", "SIGNATURE"], true);
    const anonymous = callerWith(null);
    expect(await anonymous.tracking.get({ token: t.trackingToken })).toMatchObject({ deliveryPhoto: false });
    await expect(trackingPhotoUrl({ token: t.trackingToken, utapi, size: "thumbnail" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const pod = await t.deliverNow();
    expect(await anonymous.tracking.get({ token: t.trackingToken })).toMatchObject({ deliveryPhoto: true });
    const thumb = await trackingPhotoUrl({ token: t.trackingToken, utapi, size: "thumbnail" });
    const full = await trackingPhotoUrl({ token: t.trackingToken, utapi, size: "full" });
    expect(keyOf(thumb)).toBe(pod.photoFile!.thumbnailKey);
    expect(keyOf(full)).toBe(pod.photoFile!.key);
    expect(await sha256(full)).toBe(pod.photoFile!.sha256);
    const signatureKeys = [pod.signatureFile!.key, pod.signatureFile!.thumbnailKey].filter(Boolean);
    for (const url of [thumb, full]) {
      expect(signatureKeys).not.toContain(keyOf(url));
      expect(await sha256(url)).not.toBe(pod.signatureFile!.sha256);
    }
  });

  it("a proof with a signature and no photo gives the link nothing (the signature is not served in its place)", async () => {
    const t = await load(["SIGNATURE"], true);
    const pod = await t.deliverNow();
    expect(pod.signatureFile).not.toBeNull();
    expect(await callerWith(null).tracking.get({ token: t.trackingToken })).toMatchObject({ deliveryPhoto: false });
    for (const size of ["thumbnail", "full"] as const) {
      await expect(trackingPhotoUrl({ token: t.trackingToken, utapi, size })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
  });

  it("stays hidden when the shipper keeps the photo private, and once the link has expired", async () => {
    const hidden = await load(["PHOTO"], false);
    await hidden.deliverNow();
    expect(await callerWith(null).tracking.get({ token: hidden.trackingToken })).toMatchObject({
      deliveryPhoto: false,
    });
    await expect(trackingPhotoUrl({ token: hidden.trackingToken, utapi, size: "full" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const shown = await load(["PHOTO"], true);
    await shown.deliverNow();
    await expect(trackingPhotoUrl({ token: shown.trackingToken, utapi, size: "full" })).resolves.toContain("/a/");
    await db.shipment.update({
      where: { id: shown.shipment.id },
      data: { trackingTokenExpiresAt: new Date(Date.now() - 1000) },
    });
    await expect(trackingPhotoUrl({ token: shown.trackingToken, utapi, size: "full" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("the route answers a bare 404 to a malformed token", async () => {
    for (const token of ["x", "../../etc/passwd", "abcdefghij\u0000"]) {
      const res = await trackingPhotoRoute(
        new Request(`http://localhost:3000/api/tracking/${encodeURIComponent(token)}/delivery-photo`),
        { params: Promise.resolve({ token }) },
      );
      expect(res.status).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
  });
});
