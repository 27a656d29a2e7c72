// The UploadThing stand-in's contract, driven as production drives UploadThing: the official `uploadthing` server
// SDK (UTApi and a real file router behind `createRouteHandler`), and the browser client's wire steps (upload action,
// HEAD, multipart PUT) done with fetch, since its XHR needs a browser (the Playwright spec covers that).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRouteHandler, createUploadthing, UTApi, UTFile } from "uploadthing/server";
import { afterEach, describe, expect, it } from "vitest";
import { sign } from "./signing";
import { startUploadThingStandIn, type UploadThingStandIn, type UploadThingStandInOptions } from "./index";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function start(options: UploadThingStandInOptions = {}): Promise<UploadThingStandIn> {
  const standIn = await startUploadThingStandIn({ port: 0, callbackTimeoutMs: 5_000, ...options });
  cleanups.push(() => standIn.close());
  return standIn;
}

function sdkConfig(s: UploadThingStandIn, token = s.token) {
  return {
    token,
    ingestUrl: s.url,
    apiUrl: s.url,
    ufsHost: s.ufsHost,
    ufsAppIdLocation: "path" as const,
    logLevel: "None" as const,
  };
}

function utapi(s: UploadThingStandIn, token?: string): UTApi {
  return new UTApi(sdkConfig(s, token));
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

type TCompleted = { metadata: unknown; file: { key: string; name: string; size: number; ufsUrl: string } };

/** A real file router behind `createRouteHandler` on a local HTTP server, as Next's route handler would serve it. */
async function startApp(s: UploadThingStandIn, opts: { isDev: boolean }) {
  const completed: TCompleted[] = [];
  const f = createUploadthing();
  const router = {
    document: f({ pdf: { maxFileSize: "1MB", maxFileCount: 2 } })
      .middleware(() => ({ ownerId: "user-1" }))
      .onUploadComplete(({ metadata, file }) => {
        completed.push({ metadata, file });
        return { stored: file.key };
      }),
  };
  let port = 0;
  const handler = createRouteHandler({
    router,
    config: { ...sdkConfig(s), isDev: opts.isDev, callbackUrl: undefined },
  });
  const server: Server = createServer((req, res) => {
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
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}/api/uploadthing`, completed };
}

/** Step one of the browser client: ask the app's route for presigned URLs. */
async function requestUpload(appUrl: string, files: { name: string; size: number; type: string }[]) {
  const res = await fetch(`${appUrl}?actionType=upload&slug=document`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ input: null, files: files.map((f) => ({ ...f, lastModified: Date.now() })) }),
  });
  return { status: res.status, body: (await res.json()) as { url: string; key: string }[] };
}

function putFile(url: string, bytes: Uint8Array<ArrayBuffer>, name = "bol.pdf", type = "application/pdf") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return fetch(url, { method: "PUT", body: form, headers: { range: "bytes=0-" } });
}

describe("UTApi against the stand-in", () => {
  it("uploads, lists, renames, deletes and serves a private file only through a signed URL", async () => {
    const s = await start();
    const api = utapi(s);
    const up = await api.uploadFiles(new UTFile([PDF], "bill of lading.pdf", { type: "application/pdf" }));
    expect(up.error).toBeNull();
    const key = up.data!.key;
    expect(s.stored(key)).toMatchObject({ name: "bill of lading.pdf", size: PDF.byteLength, acl: "private" });

    const list = await api.listFiles();
    expect(list.files.map((f) => f.key)).toEqual([key]);
    expect(list.files[0]).toMatchObject({ status: "Uploaded", size: PDF.byteLength });

    expect(await api.renameFiles({ fileKey: key, newName: "BOL TT-1.pdf" })).toEqual({ success: true });
    expect(s.stored(key)?.name).toBe("BOL TT-1.pdf");

    // Private: the plain URL is refused, the signed one served as a download with nosniff.
    expect((await fetch(up.data!.ufsUrl)).status).toBe(403);
    const { ufsUrl } = await api.generateSignedURL(key, { expiresIn: 60 });
    const served = await fetch(ufsUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-disposition")).toContain(`filename="BOL TT-1.pdf"`);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PDF);
    const viaApi = await api.getSignedURL(key, { expiresIn: 60 });
    expect((await fetch(viaApi.ufsUrl)).status).toBe(200);

    // An altered signed URL (another key, or a later expiry) is refused.
    const other = await api.uploadFiles(new UTFile([PDF], "other.pdf", { type: "application/pdf" }));
    expect((await fetch(ufsUrl.replace(key, other.data!.key))).status).toBe(403);
    expect((await fetch(ufsUrl.replace(/expires=\d+/, `expires=${Date.now() + 9e9}`))).status).toBe(403);

    expect(await api.deleteFiles(key)).toEqual({ success: true, deletedCount: 1 });
    expect(s.stored(key)).toBeUndefined();
    expect((await fetch(ufsUrl)).status).toBe(404);
    expect((await api.listFiles()).files.map((f) => f.key)).toEqual([other.data!.key]);
  });

  it("refuses an expired signed file URL", async () => {
    let clock = Date.now();
    const s = await start({ now: () => clock });
    const api = utapi(s);
    const up = await api.uploadFiles(new UTFile([PDF], "a.pdf", { type: "application/pdf" }));
    const { ufsUrl } = await api.generateSignedURL(up.data!.key, { expiresIn: 60 });
    expect((await fetch(ufsUrl)).status).toBe(200);
    clock += 61_000;
    expect((await fetch(ufsUrl)).status).toBe(403);
  });

  it("refuses API calls and uploads signed with another key", async () => {
    const s = await start();
    const wrong = Buffer.from(JSON.stringify({ apiKey: "sk_wrong", appId: s.appId, regions: ["local"] })).toString(
      "base64",
    );
    await expect(utapi(s, wrong).listFiles()).rejects.toThrow();
    const up = await utapi(s, wrong).uploadFiles(new UTFile([PDF], "a.pdf", { type: "application/pdf" }));
    expect(up.error).not.toBeNull();
    expect((await utapi(s).listFiles()).files).toEqual([]);
  });

  it("serves active content (SVG, HTML) as a download even when uploaded inline and public", async () => {
    const s = await start({ defaultAcl: "public-read" });
    const up = await utapi(s).uploadFiles(
      new UTFile(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], "x.svg", {
        type: "image/svg+xml",
      }),
      { contentDisposition: "inline" },
    );
    const res = await fetch(up.data!.ufsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
  });
});

describe.each([{ isDev: false }, { isDev: true }])(
  "a file router (isDev: $isDev) through the stand-in",
  ({ isDev }) => {
    it("presigns, stores the PUT, delivers the signed callback and returns the app's serverData", async () => {
      const s = await start();
      const app = await startApp(s, { isDev });
      const asked = await requestUpload(app.url, [{ name: "bol.pdf", size: PDF.byteLength, type: "application/pdf" }]);
      expect(asked.status).toBe(200);
      const [presigned] = asked.body;
      const head = await fetch(presigned!.url, { method: "HEAD" });
      expect(head.headers.get("x-ut-range-start")).toBe("0");
      const put = await putFile(presigned!.url, PDF);
      expect(put.status).toBe(200);
      const body = (await put.json()) as { key: string; serverData: unknown; ufsUrl: string; fileHash: string };
      expect(body).toMatchObject({ key: presigned!.key, serverData: { stored: presigned!.key } });
      expect(app.completed).toEqual([
        {
          metadata: { ownerId: "user-1" },
          file: expect.objectContaining({ key: presigned!.key, size: PDF.byteLength }),
        },
      ]);
      // The same URL cannot be used twice.
      expect((await putFile(presigned!.url, PDF)).status).toBe(409);
    });

    it("refuses an altered presigned URL, a body of another size, and a file over the limit", async () => {
      const s = await start({ maxFileSizeBytes: 100 });
      const app = await startApp(s, { isDev });
      const { body } = await requestUpload(app.url, [
        { name: "bol.pdf", size: PDF.byteLength, type: "application/pdf" },
      ]);
      const url = body[0]!.url;
      // Claims a bigger file than was signed.
      expect((await putFile(url.replace(/x-ut-file-size=\d+/, "x-ut-file-size=99"), PDF)).status).toBe(403);
      // Sends more bytes than were declared.
      expect((await putFile(url, new Uint8Array([...PDF, 1, 2, 3]))).status).toBe(400);
      // Unsigned.
      expect((await putFile(url.replace(/&signature=.*$/, ""), PDF)).status).toBe(403);
      expect(app.completed).toEqual([]);

      const big = new Uint8Array(200).fill(65);
      const bigAsk = await requestUpload(app.url, [{ name: "big.pdf", size: big.byteLength, type: "application/pdf" }]);
      expect((await putFile(bigAsk.body[0]!.url, big)).status).toBe(413);
      expect(app.completed).toEqual([]);
    });
  },
);

describe("presigned URL expiry and callback signatures", () => {
  it("refuses a presigned URL after it expires", async () => {
    let clock = Date.now();
    const s = await start({ now: () => clock });
    const app = await startApp(s, { isDev: false });
    const { body } = await requestUpload(app.url, [{ name: "bol.pdf", size: PDF.byteLength, type: "application/pdf" }]);
    clock += 2 * 3600_000;
    expect((await putFile(body[0]!.url, PDF)).status).toBe(403);
  });

  it("the SDK's route refuses a callback whose signature is not the app's", async () => {
    const s = await start();
    const app = await startApp(s, { isDev: false });
    const payload = JSON.stringify({
      status: "uploaded",
      metadata: { ownerId: "attacker" },
      origin: s.url,
      file: {
        name: "x.pdf",
        size: 1,
        type: "application/pdf",
        customId: null,
        key: "k",
        url: "u",
        appUrl: "u",
        ufsUrl: "u",
        fileHash: "h",
      },
    });
    const res = await fetch(`${app.url}?slug=document`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "uploadthing-hook": "callback",
        "x-uploadthing-signature": sign(payload, "sk_not_the_key"),
      },
      body: payload,
    });
    expect(res.status).toBe(400);
    expect(app.completed).toEqual([]);
  });
});
