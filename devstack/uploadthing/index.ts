/**
 * A local stand-in for UploadThing: its ingest (presigned PUTs, route metadata, callbacks), its REST API (`/v6/*`,
 * what `UTApi` calls) and its file host (`/f/<key>`, `/a/<appId>/<key>`), on one port, so the official `uploadthing`
 * server SDK and the `@uploadthing/react` browser client work unchanged when configured with
 *
 *   { token: standIn.token, ingestUrl: standIn.url, apiUrl: standIn.url,
 *     ufsHost: standIn.ufsHost, ufsAppIdLocation: "path" }
 *
 * (env: UPLOADTHING_TOKEN, UPLOADTHING_INGEST_URL, UPLOADTHING_API_URL, UPLOADTHING_UFS_HOST,
 * UPLOADTHING_UFS_APP_ID_LOCATION). Files are kept on disk under `dataDir`. Like the real service it refuses a
 * presigned URL that is altered, unsigned or expired, a body that is not the declared size, a file over the size
 * limit, an API call without the app's key, and a private file fetched without a valid signed URL. Bind it to
 * loopback (the default).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handleApi } from "./api";
import { Ingest, json, requestOrigin } from "./ingest";
import { checkSignedUrl, encodeToken } from "./signing";
import { FileStore, type TAcl, type TStoredFile } from "./store";

export type UploadThingStandInOptions = {
  /** TCP port; 0 (the default) picks a free one, reported as `port`. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** The one app served; each defaults to a fresh random value (the key must start with `sk_`, as the SDK checks). */
  appId?: string;
  apiKey?: string;
  /** Where files and their index live; defaults to a fresh temporary folder. */
  dataDir?: string;
  /** Largest single file, bytes; default 64 MiB. */
  maxFileSizeBytes?: number;
  /** ACL for files whose upload names none; default "private", so nothing is public unless asked for. */
  defaultAcl?: TAcl;
  /** How long a PUT waits for the app's metadata and for its callback result, ms; default 30 s. */
  callbackTimeoutMs?: number;
  /** Clock for URL expiry (ms since the epoch); tests move it. */
  now?: () => number;
  log?: (line: string) => void;
};

export type UploadThingStandIn = {
  appId: string;
  apiKey: string;
  /** `UPLOADTHING_TOKEN` for the SDK. */
  token: string;
  host: string;
  port: number;
  /** `http://host:port`: ingest and API base. */
  url: string;
  /**
   * `localhost:<port>`, the SDK's `ufsHost`: it builds signed file URLs on it and picks http because the name
   * contains "local" (src/sdk/index.ts generateSignedURL).
   */
  ufsHost: string;
  /** The env the app runs with to use this stand-in. */
  env: Record<string, string>;
  /** What is stored under `key`, if anything (for tests). */
  stored(key: string): TStoredFile | undefined;
  close(): Promise<void>;
};

/** Types a browser could run as a page or script: always served as downloads, whatever the upload asked. */
const ACTIVE_CONTENT =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)/;

export async function startUploadThingStandIn(options: UploadThingStandInOptions = {}): Promise<UploadThingStandIn> {
  const appId = options.appId ?? randomBytes(6).toString("hex");
  const apiKey = options.apiKey ?? `sk_local_${randomBytes(24).toString("hex")}`;
  if (!apiKey.startsWith("sk_"))
    throw new Error("uploadthing stand-in: apiKey must start with sk_ (the SDK refuses others)");
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const store = new FileStore(options.dataDir ?? mkdtempSync(join(tmpdir(), "uploadthing-standin-")));
  let port = 0;
  const origin = () => `http://${host}:${port}`;
  const fileOrigin = () => `http://localhost:${port}`;
  const ingest = new Ingest({
    apiKey,
    appId,
    origin,
    store,
    now,
    maxFileSizeBytes: options.maxFileSizeBytes ?? 64 * 1024 * 1024,
    defaultAcl: options.defaultAcl ?? "private",
    callbackTimeoutMs: options.callbackTimeoutMs ?? 30_000,
    log,
  });
  const apiConfig = { apiKey, appId, store, now, fileOrigin, limitBytes: 2 * 1024 ** 3 };

  async function serveFile(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const f = store.get(key);
    if (!f) return json(res, 404, { error: "Not found" });
    if (f.acl === "private") {
      const checked = checkSignedUrl(requestOrigin(req), req.url ?? "/", apiKey, now());
      if (!checked.ok) return json(res, 403, { error: `Private file: ${checked.reason}` });
    }
    const bytes = await store.read(key);
    const disposition = ACTIVE_CONTENT.test(f.type) ? "attachment" : f.contentDisposition;
    const ascii = f.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
    res.writeHead(200, {
      "content-type": f.type,
      "content-length": String(bytes.byteLength),
      "content-disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": f.acl === "private" ? "private, no-store" : "public, max-age=31536000, immutable",
      "access-control-allow-origin": "*",
    });
    res.end(req.method === "HEAD" ? undefined : bytes);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The browser client PUTs and HEADs across origins (the app's page to this host).
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("access-control-expose-headers", "x-ut-range-start");
    res.setHeader("vary", "origin");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, HEAD, PUT, POST",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "",
        "access-control-max-age": "600",
      });
      return void res.end();
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (req.method === "POST" && path === "/route-metadata") {
      if (req.headers["x-uploadthing-api-key"] !== apiKey) return json(res, 401, { error: "Invalid API key" });
      return ingest.routeMetadata(req, res);
    }
    if (req.method === "POST" && path === "/callback-result") {
      if (req.headers["x-uploadthing-api-key"] !== apiKey) return json(res, 401, { error: "Invalid API key" });
      return ingest.callbackResult(req, res);
    }
    if (req.method === "POST" && segments[0] === "v6" && segments.length === 2) {
      return handleApi(apiConfig, segments[1]!, req, res);
    }
    if ((req.method === "GET" || req.method === "HEAD") && segments[0] === "f" && segments.length === 2) {
      return serveFile(req, res, segments[1]!);
    }
    if ((req.method === "GET" || req.method === "HEAD") && segments[0] === "a" && segments.length === 3) {
      if (segments[1] !== appId) return json(res, 404, { error: "Not found" });
      return serveFile(req, res, segments[2]!);
    }
    if (segments.length === 1 && req.method === "PUT") return ingest.put(req, res, segments[0]!);
    if (segments.length === 1 && req.method === "HEAD") return ingest.head(req, res, segments[0]!);
    json(res, 404, { error: "Not found" });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log(`uploadthing: ${req.method} ${req.url} failed: ${String(err)}`);
      if (!res.headersSent) json(res, 500, { error: "Internal error" });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const token = encodeToken({ apiKey, appId });
  return {
    appId,
    apiKey,
    token,
    host,
    port,
    url: origin(),
    ufsHost: `localhost:${port}`,
    env: {
      UPLOADTHING_TOKEN: token,
      UPLOADTHING_INGEST_URL: origin(),
      UPLOADTHING_API_URL: origin(),
      UPLOADTHING_UFS_HOST: `localhost:${port}`,
    },
    stored: (key) => store.get(key),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
