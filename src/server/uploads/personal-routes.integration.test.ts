// The upload routes whose object is a person or a conversation, end to end against the UploadThing stand-in (the
// SDK's route handler, the presign as the browser asks for it, the PUT, the signed callback, the File row):
// driver documents with their expiry date, avatars (replacing one deletes the old object), chat attachments with a
// video's length and poster. Each route's uploaders and each file's readers are proven by role against a foreign
// object: another driver, a shipper, an anonymous visitor, a party of another shipment.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../../prisma/factories";
import { callerWith, sessionFor } from "../../../scripts/test/helpers";
import { cookieOf, startUploadApp, type TTestFile, type TUploadApp } from "../../../scripts/test/upload-app";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { todayIn } from "~/lib/document-expiry";
import { db } from "~/server/db";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { sendMessage } from "~/server/services/chat/send-message";
import { chatHistory } from "~/server/services/chat/read-messages";
import { removeAvatar } from "~/server/services/files/avatar";
import { sweepOrphanUploads } from "~/server/services/files/delete-files";
import { webmBytes } from "~/server/services/files/test-videos";
import { fileDownloadUrl } from "~/server/services/files/shipment-files";

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n");
// The start of a Windows executable: what a renamed .exe looks like.
const EXE = (() => {
  const b = new Uint8Array(256);
  b.set([0x4d, 0x5a], 0);
  b.set([0x80, 0, 0, 0], 0x3c);
  b.set([0x50, 0x45, 0, 0], 0x80);
  return b;
})();

function box(type: string, ...body: Uint8Array[]): Uint8Array {
  const size = 8 + body.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** An MP4 container (ftyp isom, moov/mvhd) whose own header says it lasts `seconds`. */
function mp4(seconds: number): Uint8Array<ArrayBuffer> {
  const mvhd = new Uint8Array(100);
  new DataView(mvhd.buffer).setUint32(12, 1_000);
  new DataView(mvhd.buffer).setUint32(16, seconds * 1_000);
  const ftyp = box("ftyp", new TextEncoder().encode("isom\0\0\x02\0isomiso2mp41"));
  return new Uint8Array([...ftyp, ...box("moov", box("mvhd", mvhd)), ...box("mdat", new Uint8Array(2_000))]);
}

/** A 600 × 400 JPEG stored sideways (orientation 6) with camera and GPS tags. */
async function jpegWithGps(): Promise<Uint8Array<ArrayBuffer>> {
  const buf = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "GPS-1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "41/1 52/1 3000/100",
        GPSLongitudeRef: "W",
        GPSLongitude: "87/1 37/1 0/1",
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  return new Uint8Array(buf);
}

async function png(): Promise<Uint8Array<ArrayBuffer>> {
  const buf = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 0, g: 0, b: 0 } } })
    .png()
    .toBuffer();
  return new Uint8Array(buf);
}

const pdf = (name = "licence.pdf"): TTestFile => ({ name, type: "application/pdf", bytes: PDF });
const inAYear = () => `${new Date().getUTCFullYear() + 1}-06-30`;

let app: TUploadApp;
beforeAll(async () => {
  app = await startUploadApp();
});
afterAll(async () => {
  await app.close();
});

async function people() {
  const [shipper, otherShipper, driver, otherDriver, admin] = await Promise.all([
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "ADMIN" }),
  ]);
  return { shipper, otherShipper, driver, otherDriver, admin };
}

/** The bytes stored under `key`, through a signed URL as the app reads them. */
async function storedBytes(key: string): Promise<Buffer> {
  const { ufsUrl } = await utapiFor(app.config).generateSignedURL(key, { expiresIn: 60 });
  return Buffer.from(await (await fetch(ufsUrl)).arrayBuffer());
}

async function readable(viewer: { id: string; role: "SHIPPER" | "DRIVER" | "ADMIN" }, fileId: string) {
  return fileDownloadUrl({ viewer, fileId, utapi: utapiFor(app.config) }).then(
    async (url) => (await fetch(url)).status,
    (error: { code?: string }) => error.code,
  );
}

describe("driver documents", () => {
  it("a driver uploads their licence with its expiry date: a private File row on no shipment", async () => {
    const p = await people();
    const expiresOn = inAYear();
    const [result] = await app.upload("driverDocument", { kind: "LICENCE", expiresOn }, await cookieOf(p.driver.id), [
      pdf(),
    ]);
    expect(result!.serverData.ok).toBe(true);
    const row = await db.file.findUniqueOrThrow({ where: { id: result!.serverData.fileId } });
    expect(row).toMatchObject({
      ownerId: p.driver.id,
      shipmentId: null,
      kind: "DRIVER_LICENCE",
      route: "driverDocument",
      mimeType: "application/pdf",
      sizeBytes: PDF.byteLength,
    });
    expect(row.expiresOn?.toISOString().slice(0, 10)).toBe(expiresOn);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Private: the stored object's own URL is refused.
    expect((await fetch(row.url)).status).toBe(403);

    const list = await callerWith(await sessionFor(p.driver.id)).files.driverDocuments({ driverId: p.driver.id });
    expect(list).toEqual([expect.objectContaining({ id: row.id, kind: "LICENCE", expiresOn, current: true })]);
  });

  it("refuses an expiry date in the past with a field error, before anything is presigned", async () => {
    const p = await people();
    const cookie = await cookieOf(p.driver.id);
    const past = await app.ask("driverDocument", { kind: "INSURANCE", expiresOn: "2024-01-31" }, cookie, [pdf()]);
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ fieldErrors: { expiresOn: [expect.stringContaining("in the past")] } });

    const garbled = await app.ask("driverDocument", { kind: "INSURANCE", expiresOn: "31/01/2030" }, cookie, [pdf()]);
    expect(garbled.status).toBe(400);
    expect(garbled.body).toMatchObject({ fieldErrors: { expiresOn: [expect.stringContaining("expiry date")] } });

    // Today, on the driver's own calendar (tt_tz), is still valid; yesterday there is not.
    const zone = "Pacific/Kiritimati";
    const today = todayIn(zone);
    const ok = await app.ask(
      "driverDocument",
      { kind: "INSURANCE", expiresOn: today },
      cookie,
      [pdf()],
      `tt_tz=${zone}`,
    );
    expect(ok.status).toBe(200);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const late = await app.ask(
      "driverDocument",
      { kind: "INSURANCE", expiresOn: yesterday },
      cookie,
      [pdf()],
      `tt_tz=${zone}`,
    );
    expect(late.status).toBe(400);
    expect(await db.file.count({ where: { ownerId: p.driver.id } })).toBe(0);
  });

  it("only drivers upload them: a shipper, an admin and an anonymous visitor are refused", async () => {
    const p = await people();
    const input = { kind: "LICENCE", expiresOn: inAYear() };
    const outcome: Record<string, number> = {};
    for (const [who, id] of [
      ["anonymous", null],
      ["shipper", p.shipper.id],
      ["admin", p.admin.id],
      ["driver", p.driver.id],
    ] as const) {
      outcome[who] = (await app.ask("driverDocument", input, id ? await cookieOf(id) : null, [pdf()])).status;
    }
    expect(outcome).toEqual({ anonymous: 403, shipper: 403, admin: 403, driver: 200 });
  });

  it("a renamed executable is refused by its bytes and deleted; a photo loses its GPS tags", async () => {
    const p = await people();
    const cookie = await cookieOf(p.driver.id);
    const input = { kind: "INSURANCE", expiresOn: inAYear() };
    const [bad] = await app.upload("driverDocument", input, cookie, [
      { name: "policy.pdf", type: "application/pdf", bytes: EXE },
    ]);
    expect(bad!.serverData).toMatchObject({ ok: false, message: expect.stringContaining("judged by its contents") });
    expect(app.standIn.stored(bad!.key)).toBeUndefined();

    const [photo] = await app.upload("driverDocument", input, cookie, [
      { name: "policy.jpg", type: "image/jpeg", bytes: await jpegWithGps() },
    ]);
    const row = await db.file.findUniqueOrThrow({ where: { id: photo!.serverData.fileId } });
    expect({ w: row.width, h: row.height, kind: row.kind }).toEqual({ w: 400, h: 600, kind: "DRIVER_INSURANCE" });
    expect((await sharp(await storedBytes(row.key)).metadata()).exif).toBeUndefined();
  });

  it("only the driver themself and admins read them: another driver, a shipper and anonymous are refused", async () => {
    const p = await people();
    const [result] = await app.upload(
      "driverDocument",
      { kind: "LICENCE", expiresOn: inAYear() },
      await cookieOf(p.driver.id),
      [pdf()],
    );
    const fileId = result!.serverData.fileId!;
    expect(await readable({ id: p.driver.id, role: "DRIVER" }, fileId)).toBe(200);
    expect(await readable({ id: p.admin.id, role: "ADMIN" }, fileId)).toBe(200);
    expect(await readable({ id: p.otherDriver.id, role: "DRIVER" }, fileId)).toBe("NOT_FOUND");
    expect(await readable({ id: p.shipper.id, role: "SHIPPER" }, fileId)).toBe("NOT_FOUND");

    const admin = callerWith(await sessionFor(p.admin.id));
    expect((await admin.files.driverDocuments({ driverId: p.driver.id })).map((d) => d.id)).toEqual([fileId]);
    const other = callerWith(await sessionFor(p.otherDriver.id));
    await expect(other.files.driverDocuments({ driverId: p.driver.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const shipper = callerWith(await sessionFor(p.shipper.id));
    await expect(shipper.files.driverDocuments({ driverId: p.driver.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerWith(null).files.driverDocuments({ driverId: p.driver.id })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("avatars", () => {
  it("stores a 256 px square with no metadata, and replacing it deletes the old object from storage", async () => {
    const p = await people();
    const cookie = await cookieOf(p.shipper.id);
    const [first] = await app.upload("avatar", undefined, cookie, [
      { name: "me.jpg", type: "image/jpeg", bytes: await jpegWithGps() },
    ]);
    expect(first!.serverData.ok).toBe(true);
    const one = await db.file.findUniqueOrThrow({ where: { id: first!.serverData.fileId } });
    expect(one).toMatchObject({
      kind: "AVATAR",
      ownerId: p.shipper.id,
      mimeType: "image/webp",
      width: 256,
      height: 256,
    });
    const meta = await sharp(await storedBytes(one.key)).metadata();
    expect({ w: meta.width, h: meta.height, exif: meta.exif, format: meta.format }).toEqual({
      w: 256,
      h: 256,
      exif: undefined,
      format: "webp",
    });
    // The upload as it arrived (with its GPS tags) is gone.
    expect(app.standIn.stored(first!.key)).toBeUndefined();
    expect((await db.user.findUniqueOrThrow({ where: { id: p.shipper.id } })).avatarFileId).toBe(one.id);

    const [second] = await app.upload("avatar", undefined, cookie, [
      { name: "me.png", type: "image/png", bytes: await png() },
    ]);
    const two = await db.file.findUniqueOrThrow({ where: { id: second!.serverData.fileId } });
    expect((await db.user.findUniqueOrThrow({ where: { id: p.shipper.id } })).avatarFileId).toBe(two.id);
    expect(await db.file.findUnique({ where: { id: one.id } })).toBeNull();
    expect(app.standIn.stored(one.key)).toBeUndefined();
    expect(app.standIn.stored(two.key)).toBeDefined();

    // Anyone signed in sees an avatar (it is shown beside the name in chats); its owner removes it for good.
    expect(await readable({ id: p.otherDriver.id, role: "DRIVER" }, two.id)).toBe(200);
    expect(await removeAvatar({ utapi: utapiFor(app.config), viewer: { id: p.shipper.id, role: "SHIPPER" } })).toEqual({
      removed: true,
    });
    expect(app.standIn.stored(two.key)).toBeUndefined();
    expect(await db.file.count({ where: { ownerId: p.shipper.id } })).toBe(0);
  });

  it("refuses an anonymous visitor, a PDF and too large a picture", async () => {
    const p = await people();
    const cookie = await cookieOf(p.driver.id);
    const photo = { name: "me.png", type: "image/png", bytes: await png() };
    expect((await app.ask("avatar", undefined, null, [photo])).status).toBe(403);
    expect((await app.ask("avatar", undefined, cookie, [pdf("me.pdf")])).status).toBe(400);
    const huge = { ...photo, bytes: new Uint8Array(5 * 1024 * 1024) };
    expect((await app.ask("avatar", undefined, cookie, [huge])).status).toBe(400);
    const [renamed] = await app.upload("avatar", undefined, cookie, [
      { name: "me.png", type: "image/png", bytes: PDF },
    ]);
    expect(renamed!.serverData.ok).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: p.driver.id } })).avatarFileId).toBeNull();
  });
});

describe("chat attachments", () => {
  async function shipmentIn(status: ShipmentStatus, p: Awaited<ReturnType<typeof people>>) {
    const { shipment } = await createShipment(db, { status, shipperId: p.shipper.id, driverId: p.driver.id });
    return shipment;
  }

  it("only the shipment's parties may attach: each role against a foreign shipment is refused", async () => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const file = { name: "pallet.png", type: "image/png", bytes: await png() };
    const outcome: Record<string, number> = {};
    for (const [who, id] of Object.entries({
      anonymous: null,
      owner: p.shipper.id,
      otherShipper: p.otherShipper.id,
      assignedDriver: p.driver.id,
      otherDriver: p.otherDriver.id,
      admin: p.admin.id,
    })) {
      outcome[who] = (
        await app.ask("chatAttachment", { shipmentId: s.id }, id ? await cookieOf(id) : null, [file])
      ).status;
    }
    expect(outcome).toEqual({
      anonymous: 403,
      owner: 200,
      otherShipper: 404,
      assignedDriver: 200,
      otherDriver: 404,
      admin: 200,
    });
    const closed = await shipmentIn("COMPLETED", p);
    const res = await app.ask("chatAttachment", { shipmentId: closed.id }, await cookieOf(p.shipper.id), [file]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("read-only");
  });

  it("a photo sent in a message: the other party sees its preview; other parties of other loads are refused", async () => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const [up] = await app.upload("chatAttachment", { shipmentId: s.id }, await cookieOf(p.driver.id), [
      { name: "dock.jpg", type: "image/jpeg", bytes: await jpegWithGps() },
    ]);
    const fileId = up!.serverData.fileId!;
    const driver = { id: p.driver.id, role: "DRIVER" as const };
    const message = await sendMessage({ sender: driver, shipmentId: s.id, clientId: crypto.randomUUID(), fileId });
    expect(message.body).toBe("");
    expect(message.attachment).toMatchObject({
      id: fileId,
      mimeType: "image/jpeg",
      width: 400,
      height: 600,
      hasThumbnail: true,
    });

    const history = await chatHistory({
      viewer: { id: p.shipper.id, role: "SHIPPER", name: "Shipper" },
      shipmentId: s.id,
      limit: 30,
    });
    expect(history.messages.map((m) => m.attachment?.id)).toEqual([fileId]);
    expect(await readable({ id: p.shipper.id, role: "SHIPPER" }, fileId)).toBe(200);
    expect(await readable({ id: p.admin.id, role: "ADMIN" }, fileId)).toBe(200);
    expect(await readable({ id: p.otherShipper.id, role: "SHIPPER" }, fileId)).toBe("NOT_FOUND");
    expect(await readable({ id: p.otherDriver.id, role: "DRIVER" }, fileId)).toBe("NOT_FOUND");

    // Not in the documents card, and not sendable twice or by someone else.
    const files = await callerWith(await sessionFor(p.shipper.id)).files.list({ shipmentId: s.id });
    expect(files).toEqual([]);
    await expect(
      sendMessage({ sender: driver, shipmentId: s.id, clientId: crypto.randomUUID(), fileId }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { fileId: [expect.any(String)] } });
    await expect(
      sendMessage({
        sender: { id: p.shipper.id, role: "SHIPPER" },
        shipmentId: s.id,
        clientId: crypto.randomUUID(),
        body: "mine?",
        fileId,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("an attachment never sent is swept after a day, row and object; a sent one stays", async () => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const cookie = await cookieOf(p.shipper.id);
    const file = { name: "spec.pdf", type: "application/pdf", bytes: PDF };
    const [sent] = await app.upload("chatAttachment", { shipmentId: s.id }, cookie, [file]);
    const [unsent] = await app.upload("chatAttachment", { shipmentId: s.id }, cookie, [file]);
    const shipper = { id: p.shipper.id, role: "SHIPPER" as const };
    await sendMessage({
      sender: shipper,
      shipmentId: s.id,
      clientId: crypto.randomUUID(),
      fileId: sent!.serverData.fileId,
    });

    const swept = await sweepOrphanUploads({ utapi: utapiFor(app.config), now: new Date(Date.now() + 25 * 3600_000) });
    expect(swept.rows).toBeGreaterThanOrEqual(1);
    expect(await db.file.findUnique({ where: { id: unsent!.serverData.fileId } })).toBeNull();
    expect(app.standIn.stored(unsent!.key)).toBeUndefined();
    expect(await db.file.findUnique({ where: { id: sent!.serverData.fileId } })).not.toBeNull();
    expect(app.standIn.stored(sent!.key)).toBeDefined();
  });

  it("a video (MP4 or WebM): the container's own length beats the browser's, a long one and a renamed executable are refused", async () => {
    const p = await people();
    const s = await shipmentIn("PICKED_UP", p);
    const cookie = await cookieOf(p.shipper.id);
    const [clip] = await app.upload("chatAttachment", { shipmentId: s.id, durationMs: 3_000 }, cookie, [
      { name: "damage.mp4", type: "video/mp4", bytes: mp4(12) },
    ]);
    expect(clip!.serverData.ok).toBe(true);
    const row = await db.file.findUniqueOrThrow({ where: { id: clip!.serverData.fileId } });
    expect(row).toMatchObject({
      kind: "CHAT_ATTACHMENT",
      mimeType: "video/mp4",
      durationMs: 12_000,
      thumbnailKey: null,
    });

    const [long] = await app.upload("chatAttachment", { shipmentId: s.id, durationMs: 5_000 }, cookie, [
      { name: "film.mp4", type: "video/mp4", bytes: mp4(600) },
    ]);
    expect(long!.serverData).toMatchObject({ ok: false, message: expect.stringContaining("at most 2 minutes") });
    expect(app.standIn.stored(long!.key)).toBeUndefined();

    // WebM: the Segment Info's Duration where the container has one; a WebM written live by a browser has none,
    // and then the browser's measure stands.
    const [webm] = await app.upload("chatAttachment", { shipmentId: s.id, durationMs: 3_000 }, cookie, [
      { name: "dock.webm", type: "video/webm", bytes: webmBytes(12) },
    ]);
    expect(webm!.serverData.ok).toBe(true);
    expect(await db.file.findUniqueOrThrow({ where: { id: webm!.serverData.fileId } })).toMatchObject({
      mimeType: "video/webm",
      durationMs: 12_000,
    });
    const [longWebm] = await app.upload("chatAttachment", { shipmentId: s.id, durationMs: 5_000 }, cookie, [
      { name: "film.webm", type: "video/webm", bytes: webmBytes(600) },
    ]);
    expect(longWebm!.serverData).toMatchObject({ ok: false, message: expect.stringContaining("at most 2 minutes") });
    expect(app.standIn.stored(longWebm!.key)).toBeUndefined();
    const [live] = await app.upload("chatAttachment", { shipmentId: s.id, durationMs: 4_000 }, cookie, [
      { name: "recorded.webm", type: "video/webm", bytes: webmBytes(null) },
    ]);
    expect(await db.file.findUniqueOrThrow({ where: { id: live!.serverData.fileId } })).toMatchObject({
      durationMs: 4_000,
    });

    const [exe] = await app.upload("chatAttachment", { shipmentId: s.id, durationMs: 5_000 }, cookie, [
      { name: "clip.mp4", type: "video/mp4", bytes: EXE },
    ]);
    expect(exe!.serverData.ok).toBe(false);
    expect(app.standIn.stored(exe!.key)).toBeUndefined();

    // The size cap is said before upload: 17 MB of video is refused at the presign.
    const big = { name: "big.mp4", type: "video/mp4", bytes: new Uint8Array(17 * 1024 * 1024) };
    expect((await app.ask("chatAttachment", { shipmentId: s.id }, cookie, [big])).status).toBe(400);
    const tooLong = await app.ask("chatAttachment", { shipmentId: s.id, durationMs: 600_000 }, cookie, [
      { name: "film.mp4", type: "video/mp4", bytes: mp4(1) },
    ]);
    expect(tooLong.status).toBe(400);

    // Its poster frame: drawn by the sender's browser, stored re-encoded as the video's thumbnail, once.
    const poster = { name: "poster.png", type: "image/png", bytes: await png() };
    expect((await app.ask("chatVideoPoster", { fileId: row.id }, await cookieOf(p.driver.id), [poster])).status).toBe(
      404,
    );
    const [framed] = await app.upload("chatVideoPoster", { fileId: row.id }, cookie, [poster]);
    expect(framed!.serverData).toEqual({ ok: true, fileId: row.id });
    const withPoster = await db.file.findUniqueOrThrow({ where: { id: row.id } });
    expect(withPoster.thumbnailKey).toBeTruthy();
    expect((await sharp(await storedBytes(withPoster.thumbnailKey!)).metadata()).format).toBe("webp");
    expect((await app.ask("chatVideoPoster", { fileId: row.id }, cookie, [poster])).status).toBe(400);
  });
});
