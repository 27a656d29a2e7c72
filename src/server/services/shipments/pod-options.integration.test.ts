// The shipper chooses the proof of delivery: stored with the shipment, at least one required, kept by an update that
// names none, visible to the assigned driver, and enforced at delivery (code only when the code is required).
import { describe, expect, it } from "vitest";

import { createShipment, createUser, validShipmentInput } from "../../../../prisma/factories";
import { callerWith, sessionFor, signedIn } from "../../../../scripts/test/helpers";
import { db } from "~/server/db";
import { deliver } from "~/server/services/shipments/lifecycle";

async function podFile(opts: { ownerId: string; shipmentId: string; kind: "POD_PHOTO" | "SIGNATURE" }) {
  return db.file.create({
    data: {
      ownerId: opts.ownerId,
      shipmentId: opts.shipmentId,
      kind: opts.kind,
      key: `k-${Math.random().toString(36).slice(2)}`,
      url: "http://localhost/f/x",
      name: opts.kind === "SIGNATURE" ? "signature.png" : "cargo.jpg",
      mimeType: opts.kind === "SIGNATURE" ? "image/png" : "image/jpeg",
      sizeBytes: 100,
      route: opts.kind === "SIGNATURE" ? "podSignature" : "podPhoto",
    },
  });
}

describe("choosing the proof of delivery", () => {
  it("stores the shipper's choice in a fixed order without repeats, and an update without one keeps it", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const made = await caller.shipment.create({
      shipment: {
        ...validShipmentInput(),
        proof: { requires: ["SIGNATURE", "PHOTO", "SIGNATURE"], photoPublic: true },
      },
    });
    const got = await caller.shipment.get({ id: made.id });
    expect(got).toMatchObject({ podRequires: ["PHOTO", "SIGNATURE"], podPhotoPublic: true });

    await caller.shipment.update({ id: made.id, version: got.version, shipment: validShipmentInput() });
    expect(await caller.shipment.get({ id: made.id })).toMatchObject({
      podRequires: ["PHOTO", "SIGNATURE"],
      podPhotoPublic: true,
    });
  });

  it("refuses an empty choice with a field message, and gives an API caller that names none photo + signature (issue 12 §5)", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    await expect(
      caller.shipment.create({ shipment: { ...validShipmentInput(), proof: { requires: [], photoPublic: false } } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: {
        issues: [
          expect.objectContaining({
            path: ["shipment", "proof", "requires"],
            message: "Choose at least one proof of delivery.",
          }),
        ],
      },
    });
    const plain = await caller.shipment.create({ shipment: validShipmentInput() });
    expect(await caller.shipment.get({ id: plain.id })).toMatchObject({
      podRequires: ["PHOTO", "SIGNATURE"],
      podPhotoPublic: false,
    });
  });

  it("another shipper cannot change a shipment's proof options", async () => {
    const owner = await signedIn({ role: "SHIPPER" });
    const other = await signedIn({ role: "SHIPPER" });
    const made = await owner.caller.shipment.create({ shipment: validShipmentInput() });
    await expect(
      other.caller.shipment.update({
        id: made.id,
        version: 0,
        shipment: { ...validShipmentInput(), proof: { requires: ["PHOTO"], photoPublic: true } },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const row = await db.shipment.findUniqueOrThrow({ where: { id: made.id } });
    expect(row).toMatchObject({ podRequires: ["PHOTO", "SIGNATURE"], podPhotoPublic: false });
  });

  it("the assigned driver sees what is required before delivering", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const made = await createShipment(db, { status: "IN_TRANSIT", shipperId: shipper.id, driverId: driver.id });
    await db.shipment.update({ where: { id: made.shipment.id }, data: { podRequires: ["PHOTO", "SIGNATURE"] } });
    const got = await callerWith(await sessionFor(driver.id)).shipment.get({ id: made.shipment.id });
    expect(got.podRequires).toEqual(["PHOTO", "SIGNATURE"]);
  });
});

describe("delivering with the chosen proof", () => {
  async function inTransit(requires: ("CODE" | "PHOTO" | "SIGNATURE")[]) {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const made = await createShipment(db, { status: "IN_TRANSIT", shipperId: shipper.id, driverId: driver.id });
    await db.shipment.update({ where: { id: made.shipment.id }, data: { podRequires: requires } });
    return { shipper, driver, ...made };
  }

  it("photo + signature: the code alone is refused, then photo, name and signature deliver without a code", async () => {
    const t = await inTransit(["PHOTO", "SIGNATURE"]);
    const driver = callerWith(await sessionFor(t.driver.id));
    await expect(driver.driver.deliver({ id: t.shipment.id, code: t.deliveryCode })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: {
        fieldErrors: {
          photo: ["Take a photo of the delivered cargo."],
          signature: ["Ask the recipient to sign."],
        },
      },
    });
    expect(await db.shipment.findUniqueOrThrow({ where: { id: t.shipment.id } })).toMatchObject({
      status: "IN_TRANSIT",
      deliveryCodeAttempts: 0,
    });

    const photo = await podFile({ ownerId: t.driver.id, shipmentId: t.shipment.id, kind: "POD_PHOTO" });
    const signature = await podFile({ ownerId: t.driver.id, shipmentId: t.shipment.id, kind: "SIGNATURE" });
    // Another driver with the same files is refused as for any foreign job.
    const stranger = await createUser(db, { role: "DRIVER" });
    await expect(
      callerWith(await sessionFor(stranger.id)).driver.deliver({
        id: t.shipment.id,
        photoFileId: photo.id,
        signatureFileId: signature.id,
        recipientName: "Dana Dock",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    await driver.driver.deliver({
      id: t.shipment.id,
      photoFileId: photo.id,
      signatureFileId: signature.id,
      recipientName: "Dana Dock",
    });
    const s = await db.shipment.findUniqueOrThrow({
      where: { id: t.shipment.id },
      include: { proofOfDelivery: true },
    });
    expect(s).toMatchObject({ status: "DELIVERED", deliveryCodeAttempts: 0 });
    expect(s.proofOfDelivery).toMatchObject({ method: "SIGNATURE", photoFileId: photo.id, recipientName: "Dana Dock" });
  });

  it("a shipment that requires the code refuses a delivery without one, spending no attempt", async () => {
    const t = await inTransit(["CODE", "PHOTO"]);
    const photo = await podFile({ ownerId: t.driver.id, shipmentId: t.shipment.id, kind: "POD_PHOTO" });
    await expect(deliver({ driverId: t.driver.id, id: t.shipment.id, photoFileId: photo.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { code: ["Enter the recipient's 6-digit delivery code."] },
    });
    expect(await db.shipment.findUniqueOrThrow({ where: { id: t.shipment.id } })).toMatchObject({
      status: "IN_TRANSIT",
      deliveryCodeAttempts: 0,
    });
    await deliver({ driverId: t.driver.id, id: t.shipment.id, photoFileId: photo.id, code: t.deliveryCode });
    expect(await db.shipment.findUniqueOrThrow({ where: { id: t.shipment.id } })).toMatchObject({
      status: "DELIVERED",
    });
  });

  it("without a required code, a wrong code given anyway is still refused", async () => {
    const t = await inTransit(["PHOTO"]);
    const photo = await podFile({ ownerId: t.driver.id, shipmentId: t.shipment.id, kind: "POD_PHOTO" });
    const wrong = t.deliveryCode === "000000" ? "111111" : "000000";
    await expect(
      deliver({ driverId: t.driver.id, id: t.shipment.id, photoFileId: photo.id, code: wrong }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { code: [expect.stringContaining("not correct")] } });
  });

  it("a load not yet in transit is refused without a code as with one", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const made = await createShipment(db, { status: "PICKED_UP", shipperId: shipper.id, driverId: driver.id });
    await db.shipment.update({ where: { id: made.shipment.id }, data: { podRequires: ["PHOTO"] } });
    const photo = await podFile({ ownerId: driver.id, shipmentId: made.shipment.id, kind: "POD_PHOTO" });
    await expect(deliver({ driverId: driver.id, id: made.shipment.id, photoFileId: photo.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Mark the load as in transit before delivering it.",
    });
  });
});
