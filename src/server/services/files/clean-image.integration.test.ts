// Photos are stored without their camera metadata: a JPEG carrying EXIF GPS tags (built here with sharp's withExif)
// goes through recordUpload against the UploadThing stand-in; the stored copy has no EXIF at all, is upright and
// measured, has a small thumbnail, the capture time and position land in the File row, and the upload as it
// arrived is gone from storage (404).
import exifReader from "exif-reader";
import sharp from "sharp";
import { UTFile } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startUploadThingStandIn, type UploadThingStandIn } from "../../../../devstack/uploadthing";
import { createShipment, createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { cleanImage, THUMBNAIL_MAX_PX } from "./clean-image";
import { recordUpload } from "./record-upload";
import { fileDownloadUrl } from "./shipment-files";

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

/** A 1200 × 800 JPEG, stored sideways (EXIF orientation 6: rotate 90° to view), taken in Chicago per its GPS tags. */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "GPS-1" },
      IFD2: { DateTimeOriginal: "2026:11:30 09:15:00", OffsetTimeOriginal: "-06:00" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "41/1 52/1 3000/100",
        GPSLongitudeRef: "W",
        GPSLongitude: "87/1 37/1 4800/100",
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function bytesAt(url: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("cleaning photos", () => {
  it("the test photo really carries GPS tags (so their absence later means something)", async () => {
    const meta = await sharp(await jpegWithGps()).metadata();
    expect(meta.orientation).toBe(6);
    expect(exifReader(meta.exif!).GPSInfo).toMatchObject({ GPSLatitudeRef: "N", GPSLongitudeRef: "W" });
  });

  it("cleanImage drops all metadata, applies the orientation and reads capture time and position first", async () => {
    const clean = await cleanImage(await jpegWithGps(), "image/jpeg");
    const meta = await sharp(clean.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect({ width: clean.width, height: clean.height }).toEqual({ width: 800, height: 1200 });
    expect(clean.captureLat).toBeCloseTo(41.875, 4);
    expect(clean.captureLng).toBeCloseTo(-(87 + 37 / 60 + 48 / 3600), 4);
    expect(clean.capturedAt?.toISOString()).toBe("2026-11-30T15:15:00.000Z");
    const thumb = await sharp(clean.thumbnail).metadata();
    expect(thumb.format).toBe("webp");
    expect(Math.max(thumb.width!, thumb.height!)).toBe(THUMBNAIL_MAX_PX);
    expect(thumb.exif).toBeUndefined();
  });

  it("recordUpload stores the clean copy and its thumbnail, records what it kept, and deletes the upload as it arrived", async () => {
    const [shipper, driver] = await Promise.all([
      createUser(db, { role: "SHIPPER" }),
      createUser(db, { role: "DRIVER" }),
    ]);
    const { shipment } = await createShipment(db, { status: "IN_TRANSIT", shipperId: shipper.id, driverId: driver.id });
    const original = await jpegWithGps();
    const [arrived] = await utapi.uploadFiles([
      new UTFile([new Uint8Array(original)], "cargo.jpg", { type: "image/jpeg" }),
    ]);
    const file = arrived!.data!;

    const result = await recordUpload({
      utapi,
      viewer: { id: driver.id, role: "DRIVER" },
      route: "podPhoto",
      shipmentId: shipment.id,
      file: { key: file.key, name: file.name, size: file.size, ufsUrl: file.ufsUrl },
    });
    expect(result.ok).toBe(true);
    const row = await db.file.findUniqueOrThrow({ where: { id: (result as { fileId: string }).fileId } });
    expect(row).toMatchObject({
      sourceKey: file.key,
      mimeType: "image/jpeg",
      width: 800,
      height: 1200,
      kind: "POD_PHOTO",
    });
    expect(row.key).not.toBe(file.key);
    expect(row.captureLat).toBeCloseTo(41.875, 4);
    expect(row.capturedAt?.toISOString()).toBe("2026-11-30T15:15:00.000Z");

    const viewer = { id: shipper.id, role: "SHIPPER" as const };
    const stored = await bytesAt(await fileDownloadUrl({ viewer, fileId: row.id, utapi }));
    expect(stored.status).toBe(200);
    expect(stored.bytes.byteLength).toBe(row.sizeBytes);
    const storedMeta = await sharp(stored.bytes).metadata();
    expect(storedMeta.exif).toBeUndefined();
    expect(stored.bytes.includes(Buffer.from("TestCam"))).toBe(false);

    const thumb = await bytesAt(await fileDownloadUrl({ viewer, fileId: row.id, utapi, variant: "thumbnail" }));
    expect(thumb.status).toBe(200);
    expect((await sharp(thumb.bytes).metadata()).format).toBe("webp");

    // The upload with the camera's metadata is gone from storage.
    const { ufsUrl } = await utapi.generateSignedURL(file.key, { expiresIn: 60 });
    expect((await fetch(ufsUrl)).status).toBe(404);

    // A repeated callback for the same upload returns the same row.
    const again = await recordUpload({
      utapi,
      viewer: { id: driver.id, role: "DRIVER" },
      route: "podPhoto",
      shipmentId: shipment.id,
      file: { key: file.key, name: file.name, size: file.size, ufsUrl: file.ufsUrl },
    });
    expect(again).toEqual(result);

    // Another shipper is refused the photo and its thumbnail alike.
    const other = await createUser(db, { role: "SHIPPER" });
    for (const variant of ["original", "thumbnail"] as const) {
      await expect(
        fileDownloadUrl({ viewer: { id: other.id, role: "SHIPPER" }, fileId: row.id, utapi, variant }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
