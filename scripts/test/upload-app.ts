// For integration tests of the file router: the UploadThing stand-in, the SDK's real route handler served on a local
// HTTP server (as Next serves /api/uploadthing), and the browser client's two steps (ask for presigned URLs with a
// session cookie from the app's origin; PUT each file to the stand-in, whose answer carries the app's serverData).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRouteHandler } from "uploadthing/server";
import { expect } from "vitest";

import { startUploadThingStandIn, type UploadThingStandIn } from "../../devstack/uploadthing";
import { env } from "~/env";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import type { TUploadThingConfig } from "~/server/integrations/uploadthing/config";
import { createFileRouter } from "~/server/uploads/file-router";
import { sessionFor } from "./helpers";

export const APP_ORIGIN = new URL(env.APP_URL).origin;

export type TTestFile = { name: string; type: string; bytes: Uint8Array<ArrayBuffer> };
export type TServerData = { ok: boolean; fileId?: string; message?: string };

export type TUploadApp = {
  standIn: UploadThingStandIn;
  config: TUploadThingConfig;
  /** Step one of the browser client: presigned URLs for `files` on `route` with `input`, as `cookie` (null: none). */
  ask: (
    route: string,
    input: unknown,
    cookie: string | null,
    files: TTestFile[],
    extraCookie?: string,
  ) => Promise<{ status: number; body: unknown }>;
  /** The whole flow; expects the presign to succeed and returns each file's key and the app's verdict. */
  upload: (
    route: string,
    input: unknown,
    cookie: string,
    files: TTestFile[],
  ) => Promise<{ key: string; serverData: TServerData }[]>;
  close: () => Promise<void>;
};

/** A session cookie for `userId`, as the browser sends it. */
export async function cookieOf(userId: string): Promise<string> {
  const session = await sessionFor(userId);
  const token = await encodeJwt({ token: { sub: userId, sid: session.id }, secret: env.AUTH_SECRET });
  return `${SESSION_COOKIE_NAME}=${token}`;
}

export async function startUploadApp(): Promise<TUploadApp> {
  const standIn = await startUploadThingStandIn({ port: 0, callbackTimeoutMs: 10_000 });
  const config: TUploadThingConfig = {
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
  const appUrl = `http://127.0.0.1:${port}/api/uploadthing`;

  const ask: TUploadApp["ask"] = async (route, input, cookie, files, extraCookie) => {
    const cookies = [cookie, extraCookie].filter(Boolean).join("; ");
    const res = await fetch(`${appUrl}?actionType=upload&slug=${route}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: APP_ORIGIN,
        "sec-fetch-site": "same-origin",
        ...(cookies ? { cookie: cookies } : {}),
      },
      body: JSON.stringify({
        input,
        files: files.map((f) => ({ name: f.name, size: f.bytes.byteLength, type: f.type, lastModified: Date.now() })),
      }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  const upload: TUploadApp["upload"] = async (route, input, cookie, files) => {
    const asked = await ask(route, input, cookie, files);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const presigned = asked.body as { url: string; key: string }[];
    return Promise.all(
      presigned.map(async (p, i) => {
        const form = new FormData();
        form.append("file", new File([files[i]!.bytes], files[i]!.name, { type: files[i]!.type }));
        const res = await fetch(p.url, { method: "PUT", body: form, headers: { range: "bytes=0-" } });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { serverData: TServerData };
        return { key: p.key, serverData: body.serverData };
      }),
    );
  };

  return {
    standIn,
    config,
    ask,
    upload,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await standIn.close();
    },
  };
}
