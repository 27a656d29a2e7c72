// Deleting files against the UploadThing stand-in: the uploader or an admin deletes the row and the stored object
// (404 afterwards), another party or a stranger is refused, proof of delivery is kept, a driver's own papers are
// deleted by the driver or an admin only; the sweep deletes unused proof
// uploads and stray objects older than 24 hours, and a second run deletes nothing.
import { UTFile } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startUploadThingStandIn, type UploadThingStandIn } from "../../../../devstack/uploadthing";
import { createShipment, createUser } from "../../../../prisma/factories";
import { callerWith, sessionFor } from "../../../../scripts/test/helpers";
import type { FileKind } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { deleteFile, ORPHAN_AFTER_MS, sweepOrphanUploads } from "./delete-files";
import { listDriverDocuments } from "./driver-documents";

let standIn: UploadThingStandIn;
let utapi: ReturnType<typeof utapiFor>;

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

const PDF = new TextEncoder().encode("%PDF-1.7\n%%EOF\n");

/** Stores bytes in the stand-in and returns the key. */
async function stored(name = "doc.pdf"): Promise<string> {
  const [up] = await utapi.uploadFiles([new UTFile([PDF], name, { type: "application/pdf" })]);
  return up!.data!.key;
}

async function status(key: string): Promise<number> {
  const { ufsUrl } = await utapi.generateSignedURL(key, { expiresIn: 60 });
  return (await fetch(ufsUrl)).status;
}

async function setUp() {
  const [shipper, otherShipper, driver, otherDriver, admin] = await Promise.all([
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "ADMIN" }),
  ]);
  const { shipment } = await createShipment(db, { status: "IN_TRANSIT", shipperId: shipper.id, driverId: driver.id });
  const row = async (ownerId: string, kind: FileKind = "DOCUMENT", createdAt?: Date) => {
    const key = await stored();
    return db.file.create({
      data: {
        ownerId,
        shipmentId: shipment.id,
        kind,
        key,
        url: "x",
        name: "doc.pdf",
        mimeType: "application/pdf",
        sizeBytes: PDF.byteLength,
        ...(createdAt ? { createdAt } : {}),
      },
    });
  };
  return { shipper, otherShipper, driver, otherDriver, admin, shipment, row };
}

describe("deleting a file", () => {
  it("the uploader deletes the row and the stored object; it is gone (404) afterwards", async () => {
    const t = await setUp();
    const f = await t.row(t.shipper.id);
    expect(await status(f.key)).toBe(200);
    await deleteFile({ viewer: { id: t.shipper.id, role: "SHIPPER" }, fileId: f.id, utapi });
    expect(await db.file.findUnique({ where: { id: f.id } })).toBeNull();
    expect(await status(f.key)).toBe(404);
  });

  it("another party is refused (FORBIDDEN), strangers get NOT_FOUND, an admin may delete", async () => {
    const t = await setUp();
    const f = await t.row(t.shipper.id);
    await expect(
      deleteFile({ viewer: { id: t.driver.id, role: "DRIVER" }, fileId: f.id, utapi }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const stranger of [
      { id: t.otherShipper.id, role: "SHIPPER" as const },
      { id: t.otherDriver.id, role: "DRIVER" as const },
    ]) {
      await expect(deleteFile({ viewer: stranger, fileId: f.id, utapi })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await status(f.key)).toBe(200);
    await deleteFile({ viewer: { id: t.admin.id, role: "ADMIN" }, fileId: f.id, utapi });
    expect(await status(f.key)).toBe(404);
  });

  it("a driver assigned later is not told an earlier driver's unsent chat attachment exists (NOT_FOUND)", async () => {
    const t = await setUp();
    const f = await t.row(t.driver.id, "CHAT_ATTACHMENT", new Date(Date.now() - 60_000));
    // Reassigned: the other driver has the load now, and may not read what was attached before.
    await db.shipment.update({
      where: { id: t.shipment.id },
      data: { driverId: t.otherDriver.id, assignedAt: new Date() },
    });
    await expect(
      deleteFile({ viewer: { id: t.otherDriver.id, role: "DRIVER" }, fileId: f.id, utapi }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The shipper sees it, so is told why they may not delete it.
    await expect(
      deleteFile({ viewer: { id: t.shipper.id, role: "SHIPPER" }, fileId: f.id, utapi }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await status(f.key)).toBe(200);
  });

  it("proof of delivery is never deletable once delivered, not even by its uploader or an admin", async () => {
    const t = await setUp();
    const photo = await t.row(t.driver.id, "POD_PHOTO");
    await db.shipment.update({ where: { id: t.shipment.id }, data: { status: "DELIVERED" } });
    await db.proofOfDelivery.create({
      data: { shipmentId: t.shipment.id, method: "PHOTO", photoFileId: photo.id, deliveredAt: new Date() },
    });
    for (const viewer of [
      { id: t.driver.id, role: "DRIVER" as const },
      { id: t.admin.id, role: "ADMIN" as const },
    ]) {
      await expect(deleteFile({ viewer, fileId: photo.id, utapi })).rejects.toMatchObject({ code: "CONFLICT" });
    }
    expect(await status(photo.key)).toBe(200);
  });

  it("a file sent in a chat message stays with it: neither its sender nor an admin can delete it", async () => {
    const t = await setUp();
    const attachment = await t.row(t.driver.id, "CHAT_ATTACHMENT");
    await db.message.create({
      data: { shipmentId: t.shipment.id, senderId: t.driver.id, body: "", fileId: attachment.id },
    });
    for (const viewer of [
      { id: t.driver.id, role: "DRIVER" as const },
      { id: t.admin.id, role: "ADMIN" as const },
    ]) {
      await expect(deleteFile({ viewer, fileId: attachment.id, utapi })).rejects.toMatchObject({
        code: "CONFLICT",
        message: expect.stringContaining("stays with its message"),
      });
    }
    expect(await db.file.count({ where: { id: attachment.id } })).toBe(1);
    expect(await status(attachment.key)).toBe(200);
  });

  it("a driver's own licence or insurance: the driver or an admin deletes it; another driver or a shipper cannot", async () => {
    const t = await setUp();
    const document = async (kind: FileKind) =>
      db.file.create({
        data: {
          ownerId: t.driver.id,
          kind,
          key: await stored("licence.pdf"),
          url: "x",
          name: "licence.pdf",
          mimeType: "application/pdf",
          sizeBytes: PDF.byteLength,
          route: "driverDocument",
          expiresOn: new Date("2099-06-30T00:00:00Z"),
        },
      });
    const licence = await document("DRIVER_LICENCE");
    // The shipper works with this driver on a load, yet a driver's papers are not the load's: NOT_FOUND, as for
    // another driver; nothing deleted.
    for (const viewer of [
      { id: t.otherDriver.id, role: "DRIVER" as const },
      { id: t.shipper.id, role: "SHIPPER" as const },
    ]) {
      await expect(deleteFile({ viewer, fileId: licence.id, utapi })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await status(licence.key)).toBe(200);
    await deleteFile({ viewer: { id: t.driver.id, role: "DRIVER" }, fileId: licence.id, utapi });
    expect(await db.file.findUnique({ where: { id: licence.id } })).toBeNull();
    expect(await status(licence.key)).toBe(404);
    expect(await listDriverDocuments({ viewer: { id: t.driver.id, role: "DRIVER" }, driverId: t.driver.id })).toEqual(
      [],
    );

    const insurance = await document("DRIVER_INSURANCE");
    await deleteFile({ viewer: { id: t.admin.id, role: "ADMIN" }, fileId: insurance.id, utapi });
    expect(await status(insurance.key)).toBe(404);
  });

  it("files.delete over tRPC: another shipper gets NOT_FOUND; the uploader is told when storage is off", async () => {
    const t = await setUp();
    const f = await t.row(t.shipper.id);
    await expect(callerWith(await sessionFor(t.otherShipper.id)).files.delete({ fileId: f.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // This test process has no UPLOADTHING_TOKEN: the uploader passes the checks and is told, nothing deleted.
    await expect(callerWith(await sessionFor(t.shipper.id)).files.delete({ fileId: f.id })).rejects.toMatchObject({
      message: "File storage is not configured on this server.",
    });
    expect(await db.file.findUnique({ where: { id: f.id } })).not.toBeNull();
  });
});

describe("sweeping uploads never attached", () => {
  it("deletes unused proof uploads and stray objects older than 24 h, keeps the rest, and a second run deletes nothing", async () => {
    const t = await setUp();
    const later = new Date(Date.now() + ORPHAN_AFTER_MS + 60_000);
    const old = new Date(Date.now() - ORPHAN_AFTER_MS - 60_000);
    const unusedPhoto = await t.row(t.driver.id, "POD_PHOTO", old);
    const freshPhoto = await t.row(t.driver.id, "POD_PHOTO");
    const document = await t.row(t.shipper.id, "DOCUMENT", old);
    const usedPhoto = await t.row(t.driver.id, "POD_PHOTO", old);
    await db.proofOfDelivery.create({
      data: { shipmentId: t.shipment.id, method: "PHOTO", photoFileId: usedPhoto.id, deliveredAt: new Date() },
    });
    const strayKey = await stored("stray.pdf");

    // Nothing is 24 hours old yet by the stand-in's clock: only the row dated back goes.
    const first = await sweepOrphanUploads({ utapi });
    expect(first.rows).toBeGreaterThanOrEqual(1);
    expect(await db.file.findUnique({ where: { id: unusedPhoto.id } })).toBeNull();
    expect(await status(unusedPhoto.key)).toBe(404);
    expect(await status(strayKey)).toBe(200);

    // A day later: the stray object goes; attached rows and their objects stay.
    const second = await sweepOrphanUploads({ utapi, now: later });
    expect(second.objects).toBeGreaterThanOrEqual(1);
    expect(await status(strayKey)).toBe(404);
    for (const kept of [document, usedPhoto]) {
      expect(await db.file.findUnique({ where: { id: kept.id } })).not.toBeNull();
      expect(await status(kept.key)).toBe(200);
    }
    // The fresh unused photo is now older than 24 h by `later`: swept by this run too.
    expect(await db.file.findUnique({ where: { id: freshPhoto.id } })).toBeNull();

    const third = await sweepOrphanUploads({ utapi, now: later });
    expect(third).toEqual({ rows: 0, objects: 0 });
    expect(await status(document.key)).toBe(200);
  });
});
