// The file router end to end against the UploadThing stand-in: the SDK's real route handler on a local HTTP server
// (as Next serves /api/uploadthing), asked for presigned URLs as the browser client asks (with a session cookie),
// the file PUT to the stand-in, its signed callback delivered to the route, File rows in the database. Proves who
// may upload to which route, the magic-byte refusal, the refused forged callback and who may read the files.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRouteHandler } from "uploadthing/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startUploadThingStandIn, type UploadThingStandIn } from "../../../devstack/uploadthing";
import { sign } from "../../../devstack/uploadthing/signing";
import { createShipment, createUser } from "../../../prisma/factories";
import { callerWith, sessionFor } from "../../../scripts/test/helpers";
import { env } from "~/env";
import type { Role, ShipmentStatus } from "~/generated/prisma/enums";
import type { TUploadRoute } from "~/lib/upload-rules";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { utapiFor, type TUploadThingConfig } from "~/server/integrations/uploadthing/config";
import { fileDownloadUrl } from "~/server/services/files/shipment-files";
import { createFileRouter } from "./file-router";

const APP_ORIGIN = new URL(env.APP_URL).origin;
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n");
// A 1x1 PNG.
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);
// The start of a Windows executable ("MZ" … "PE\0\0"): what a renamed .exe looks like.
const EXE = (() => {
  const b = new Uint8Array(256);
  b.set([0x4d, 0x5a], 0);
  b.set([0x80, 0, 0, 0], 0x3c);
  b.set([0x50, 0x45, 0, 0], 0x80);
  return b;
})();

let standIn: UploadThingStandIn;
let config: TUploadThingConfig;
let appUrl: string;
let server: Server;

beforeAll(async () => {
  standIn = await startUploadThingStandIn({ port: 0, callbackTimeoutMs: 10_000 });
  config = {
    token: standIn.token,
    ingestUrl: standIn.url,
    apiUrl: standIn.url,
    ufsHost: standIn.ufsHost,
    ufsAppIdLocation: "path",
  };
  let port = 0;
  const handler = createRouteHandler({
    router: createFileRouter(config),
    // The stand-in posts callbacks to the address the SDK registers: this server, not APP_URL.
    config: { ...config, isDev: false, logLevel: "None", callbackUrl: undefined },
  });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
      });
      void handler(request).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.address() as AddressInfo).port;
  appUrl = `http://127.0.0.1:${port}/api/uploadthing`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await standIn.close();
});

async function cookieOf(userId: string): Promise<string> {
  const session = await sessionFor(userId);
  const token = await encodeJwt({ token: { sub: userId, sid: session.id }, secret: env.AUTH_SECRET });
  return `${SESSION_COOKIE_NAME}=${token}`;
}

type TFile = { name: string; type: string; bytes: Uint8Array<ArrayBuffer> };
const pdf = (name = "bill-of-lading.pdf"): TFile => ({ name, type: "application/pdf", bytes: PDF });
const png = (name = "photo.png"): TFile => ({ name, type: "image/png", bytes: PNG });

/** Step one of the browser client: the upload action, from the app's page (same origin) with the session cookie. */
async function askToUpload(route: TUploadRoute, shipmentId: string, cookie: string | null, files: TFile[]) {
  const res = await fetch(`${appUrl}?actionType=upload&slug=${route}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: APP_ORIGIN,
      "sec-fetch-site": "same-origin",
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({
      input: { shipmentId },
      files: files.map((f) => ({ name: f.name, size: f.bytes.byteLength, type: f.type, lastModified: Date.now() })),
    }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** The whole browser flow: presign, PUT each file to the stand-in; the PUT's answer carries the app's serverData. */
async function upload(route: TUploadRoute, shipmentId: string, cookie: string, files: TFile[]) {
  const asked = await askToUpload(route, shipmentId, cookie, files);
  expect(asked.status).toBe(200);
  const presigned = asked.body as { url: string; key: string }[];
  return Promise.all(
    presigned.map(async (p, i) => {
      const form = new FormData();
      form.append("file", new File([files[i]!.bytes], files[i]!.name, { type: files[i]!.type }));
      const res = await fetch(p.url, { method: "PUT", body: form, headers: { range: "bytes=0-" } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { serverData: { ok: boolean; fileId?: string; message?: string } };
      return { key: p.key, serverData: body.serverData };
    }),
  );
}

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

async function shipmentIn(status: ShipmentStatus, p: Awaited<ReturnType<typeof people>>) {
  const { shipment } = await createShipment(db, { status, shipperId: p.shipper.id, driverId: p.driver.id });
  return shipment;
}

describe("uploading a shipment document", () => {
  it("stores a PDF from the shipper as a File row with its owner, shipment, kind, size, type and SHA-256", async () => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const [result] = await upload("shipmentDocument", s.id, await cookieOf(p.shipper.id), [pdf()]);
    expect(result!.serverData.ok).toBe(true);
    const row = await db.file.findUniqueOrThrow({ where: { id: result!.serverData.fileId } });
    expect(row).toMatchObject({
      ownerId: p.shipper.id,
      shipmentId: s.id,
      kind: "DOCUMENT",
      key: result!.key,
      name: "bill-of-lading.pdf",
      mimeType: "application/pdf",
      sizeBytes: PDF.byteLength,
      route: "shipmentDocument",
    });
    const { createHash } = await import("node:crypto");
    expect(row.sha256).toBe(createHash("sha256").update(PDF).digest("hex"));
  });

  it("refuses a renamed executable by its bytes, and deletes it from storage", async () => {
    const p = await people();
    const s = await shipmentIn("ASSIGNED", p);
    const [result] = await upload("shipmentDocument", s.id, await cookieOf(p.driver.id), [
      { name: "rate-confirmation.pdf", type: "application/pdf", bytes: EXE },
    ]);
    expect(result!.serverData).toEqual({
      ok: false,
      message: expect.stringContaining("is not a PDF, JPEG, PNG, WebP, HEIC, HEIF file") as string,
    });
    expect(await db.file.count({ where: { key: result!.key } })).toBe(0);
    expect(standIn.stored(result!.key)).toBeUndefined();
  });

  it("refuses a PDF sent to the photo route", async () => {
    const p = await people();
    const s = await shipmentIn("POSTED", p);
    const [result] = await upload("cargoPhoto", s.id, await cookieOf(p.shipper.id), [
      { name: "pallet.png", type: "image/png", bytes: PDF },
    ]);
    expect(result!.serverData.ok).toBe(false);
    expect(await db.file.count({ where: { shipmentId: s.id } })).toBe(0);
  });

  it("refuses too many files and a declared type the route does not take, before anything is presigned", async () => {
    const p = await people();
    const s = await shipmentIn("ASSIGNED", p);
    const cookie = await cookieOf(p.shipper.id);
    const six = Array.from({ length: 6 }, (_, i) => pdf(`doc-${i}.pdf`));
    expect((await askToUpload("shipmentDocument", s.id, cookie, six)).status).toBe(400);
    const zip = { name: "docs.zip", type: "application/zip", bytes: PDF };
    expect((await askToUpload("shipmentDocument", s.id, cookie, [zip])).status).toBe(400);
  });
});

describe("who may upload to which route", () => {
  type TWho = "anonymous" | "owner" | "otherShipper" | "assignedDriver" | "otherDriver" | "admin";
  const allowed: Record<TUploadRoute, TWho[]> = {
    shipmentDocument: ["owner", "assignedDriver", "admin"],
    cargoPhoto: ["owner", "assignedDriver", "admin"],
    podPhoto: ["assignedDriver"],
    podSignature: ["assignedDriver"],
  };
  const everyone: TWho[] = ["anonymous", "owner", "otherShipper", "assignedDriver", "otherDriver", "admin"];

  it.each(Object.keys(allowed) as TUploadRoute[])("%s: only the right people are given upload URLs", async (route) => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const ids: Record<TWho, string | null> = {
      anonymous: null,
      owner: p.shipper.id,
      otherShipper: p.otherShipper.id,
      assignedDriver: p.driver.id,
      otherDriver: p.otherDriver.id,
      admin: p.admin.id,
    };
    const file = route === "shipmentDocument" ? pdf() : png();
    const outcome: Record<string, number> = {};
    for (const who of everyone) {
      const id = ids[who];
      const res = await askToUpload(route, s.id, id ? await cookieOf(id) : null, [file]);
      outcome[who] = res.status;
    }
    const expected = Object.fromEntries(
      everyone.map((w) => [w, allowed[route].includes(w) ? 200 : w === "anonymous" ? 403 : 404]),
    );
    expect(outcome).toEqual(expected);
  });

  it("takes no proof of delivery before the load is in transit, and refuses uploads from another site", async () => {
    const p = await people();
    const s = await shipmentIn("PICKED_UP", p);
    const cookie = await cookieOf(p.driver.id);
    const early = await askToUpload("podPhoto", s.id, cookie, [png()]);
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain("while the load is in transit");

    const res = await fetch(`${appUrl}?actionType=upload&slug=shipmentDocument`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", cookie },
      body: JSON.stringify({
        input: { shipmentId: s.id },
        files: [{ name: "a.pdf", size: 10, type: "application/pdf" }],
      }),
    });
    expect(res.status).toBe(403);
  });

  it("refuses a callback whose signature is not UploadThing's: no File row is written", async () => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const payload = JSON.stringify({
      status: "uploaded",
      metadata: { userId: p.otherShipper.id, role: "SHIPPER" satisfies Role, shipmentId: s.id },
      origin: standIn.url,
      file: {
        name: "forged.pdf",
        size: PDF.byteLength,
        type: "application/pdf",
        customId: null,
        key: "forged-key",
        url: "x",
        appUrl: "x",
        ufsUrl: "x",
        fileHash: "x",
      },
    });
    const res = await fetch(`${appUrl}?slug=shipmentDocument`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "uploadthing-hook": "callback",
        "x-uploadthing-signature": sign(payload, "sk_someone_else"),
      },
      body: payload,
    });
    expect(res.status).toBe(400);
    expect(await db.file.count({ where: { key: "forged-key" } })).toBe(0);
  });
});

describe("reading a shipment's files", () => {
  it("lists and signs downloads for the parties only", async () => {
    const p = await people();
    const s = await shipmentIn("IN_TRANSIT", p);
    const [result] = await upload("shipmentDocument", s.id, await cookieOf(p.shipper.id), [pdf()]);
    const fileId = result!.serverData.fileId!;
    const utapi = utapiFor(config);

    for (const who of [p.shipper, p.driver, p.admin]) {
      const list = await callerWith(await sessionFor(who.id)).files.list({ shipmentId: s.id });
      expect(list.map((f) => f.id)).toEqual([fileId]);
      const url = await fileDownloadUrl({ viewer: who, fileId, utapi });
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    for (const who of [p.otherShipper, p.otherDriver]) {
      await expect(callerWith(await sessionFor(who.id)).files.list({ shipmentId: s.id })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(fileDownloadUrl({ viewer: who, fileId, utapi })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    // The stored object itself is private: its plain URL is refused.
    const row = await db.file.findUniqueOrThrow({ where: { id: fileId } });
    expect((await fetch(row.url)).status).toBe(403);
  });
});
