// Proof of delivery: a shipment that requires a photo and a signature is not delivered without them (and no code
// attempt is spent), foreign files are refused, and the stored proof is shown to the shipper and admins only.
import { describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../../../prisma/factories";
import { callerWith, sessionFor } from "../../../../scripts/test/helpers";
import type { FileKind } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { deliver } from "~/server/services/shipments/lifecycle";

async function setUp() {
  const [shipper, otherShipper, driver, admin] = await Promise.all([
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "ADMIN" }),
  ]);
  const made = await createShipment(db, { status: "IN_TRANSIT", shipperId: shipper.id, driverId: driver.id });
  await db.shipment.update({
    where: { id: made.shipment.id },
    data: { podRequires: ["CODE", "PHOTO", "SIGNATURE"] },
  });
  const file = (kind: FileKind, shipmentId = made.shipment.id, ownerId = driver.id) =>
    db.file.create({
      data: {
        ownerId,
        shipmentId,
        kind,
        key: `k-${Math.random().toString(36).slice(2)}`,
        url: "http://localhost/f/x",
        name: kind === "SIGNATURE" ? "signature.png" : "cargo.jpg",
        mimeType: kind === "SIGNATURE" ? "image/png" : "image/jpeg",
        sizeBytes: 100,
        route: kind === "SIGNATURE" ? "podSignature" : "podPhoto",
      },
    });
  return { shipper, otherShipper, driver, admin, ...made, file };
}

describe("delivering with proof", () => {
  it("refuses a delivery without the required photo, signature and name, before spending a code attempt", async () => {
    const t = await setUp();
    await expect(deliver({ driverId: t.driver.id, id: t.shipment.id, code: t.deliveryCode })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: {
        photo: ["Take a photo of the delivered cargo."],
        signature: ["Ask the recipient to sign."],
        recipientName: ["Enter the recipient's name."],
      },
    });
    const s = await db.shipment.findUniqueOrThrow({ where: { id: t.shipment.id } });
    expect(s).toMatchObject({ status: "IN_TRANSIT", deliveryCodeAttempts: 0 });
  });

  it("refuses files taken for another shipment, by someone else, or of the wrong kind", async () => {
    const t = await setUp();
    const elsewhere = await createShipment(db, {
      status: "IN_TRANSIT",
      shipperId: t.shipper.id,
      driverId: t.driver.id,
    });
    const foreignPhoto = await t.file("POD_PHOTO", elsewhere.shipment.id);
    const shipperPhoto = await t.file("POD_PHOTO", t.shipment.id, t.shipper.id);
    const signature = await t.file("SIGNATURE");
    for (const photo of [foreignPhoto, shipperPhoto, signature]) {
      await expect(
        deliver({
          driverId: t.driver.id,
          id: t.shipment.id,
          code: t.deliveryCode,
          photoFileId: photo.id,
          signatureFileId: signature.id,
          recipientName: "Dana Dock",
        }),
      ).rejects.toMatchObject({ fieldErrors: { photo: [expect.stringContaining("not taken for this delivery")] } });
    }
  });

  it("stores the proof with the delivery and shows it to the shipper and admins, not to another shipper", async () => {
    const t = await setUp();
    const photo = await t.file("POD_PHOTO");
    const signature = await t.file("SIGNATURE");
    await deliver({
      driverId: t.driver.id,
      id: t.shipment.id,
      code: t.deliveryCode,
      lat: 42.33,
      lng: -83.04,
      photoFileId: photo.id,
      signatureFileId: signature.id,
      recipientName: "  Dana Dock ",
    });
    const expected = {
      method: "SIGNATURE",
      recipientName: "Dana Dock",
      photoFileId: photo.id,
      signatureFileId: signature.id,
      lat: 42.33,
      lng: -83.04,
      // The shipment required the code too, so the proof panel lists it beside the photo and the signature.
      codeChecked: true,
    };
    for (const who of [t.shipper, t.admin, t.driver]) {
      const pod = await callerWith(await sessionFor(who.id)).files.proofOfDelivery({ shipmentId: t.shipment.id });
      expect(pod).toMatchObject(expected);
    }
    await expect(
      callerWith(await sessionFor(t.otherShipper.id)).files.proofOfDelivery({ shipmentId: t.shipment.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A file already used as proof cannot prove a second delivery.
    const next = await createShipment(db, { status: "IN_TRANSIT", shipperId: t.shipper.id, driverId: t.driver.id });
    await db.file.update({ where: { id: photo.id }, data: { shipmentId: next.shipment.id } });
    await db.shipment.update({ where: { id: next.shipment.id }, data: { podRequires: ["CODE", "PHOTO"] } });
    await expect(
      deliver({ driverId: t.driver.id, id: next.shipment.id, code: next.deliveryCode, photoFileId: photo.id }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("lists only the photo and signature of the accepted proof, not those of a refused attempt", async () => {
    const t = await setUp();
    const cargo = await t.file("PHOTO");
    const [refusedPhoto, refusedSignature] = [await t.file("POD_PHOTO"), await t.file("SIGNATURE")];
    const attempt = { driverId: t.driver.id, id: t.shipment.id, recipientName: "Dana Dock" };
    await expect(
      deliver({ ...attempt, code: "000000", photoFileId: refusedPhoto.id, signatureFileId: refusedSignature.id }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const listed = async () =>
      (await callerWith(await sessionFor(t.shipper.id)).files.list({ shipmentId: t.shipment.id })).map((f) => f.id);
    expect(await listed()).toEqual([cargo.id]);

    const [photo, signature] = [await t.file("POD_PHOTO"), await t.file("SIGNATURE")];
    await deliver({ ...attempt, code: t.deliveryCode, photoFileId: photo.id, signatureFileId: signature.id });
    expect((await listed()).sort()).toEqual([cargo.id, photo.id, signature.id].sort());
  });

  it("still delivers a shipment that requires only the code with the code alone", async () => {
    const t = await setUp();
    await db.shipment.update({ where: { id: t.shipment.id }, data: { podRequires: ["CODE"] } });
    await deliver({ driverId: t.driver.id, id: t.shipment.id, code: t.deliveryCode });
    const pod = await db.proofOfDelivery.findUniqueOrThrow({ where: { shipmentId: t.shipment.id } });
    expect(pod).toMatchObject({ method: "CODE", photoFileId: null, signatureFileId: null });
  });
});
