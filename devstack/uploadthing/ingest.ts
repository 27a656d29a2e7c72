// UploadThing's ingest protocol (uploadthing 7.x): the app registers the keys it presigned (`POST /route-metadata`),
// the browser or UTApi PUTs each file to its presigned URL, the ingest tells the app through the signed callback
// (over the app's dev stream, or POSTed to its route) and waits for the app's `POST /callback-result` before it
// answers the PUT with the file's URLs and the app's `serverData`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkSignedUrl, sign, signedParam } from "./signing";
import type { FileStore, TAcl, TDisposition, TStoredFile } from "./store";

export type TIngestConfig = {
  apiKey: string;
  appId: string;
  /** The stand-in's own origin, `http://host:port`: file URLs and the `origin` the app posts results to. */
  origin: () => string;
  store: FileStore;
  now: () => number;
  /** Largest file accepted, bytes (UploadThing's per-file plan limit). */
  maxFileSizeBytes: number;
  /** ACL of a file whose URL names none (UploadThing's app setting). */
  defaultAcl: TAcl;
  /** How long a PUT waits for the app's registration and for its callback result, ms. */
  callbackTimeoutMs: number;
  log: (line: string) => void;
};

type TRegistration = {
  metadata: unknown;
  callbackUrl: string;
  callbackSlug: string;
  awaitServerData: boolean;
  /** Development mode: callbacks go down this open response, one JSON line each, for the SDK to forward. */
  stream?: { res: ServerResponse; pending: Set<string> };
};

type TCallbackResult = { callbackData: unknown } | { error: string };

export class Ingest {
  private readonly registrations = new Map<string, TRegistration>();
  private readonly registrationWaiters = new Map<string, ((r: TRegistration) => void)[]>();
  private readonly resultWaiters = new Map<string, (r: TCallbackResult) => void>();

  constructor(private readonly cfg: TIngestConfig) {}

  fileUrl(key: string): string {
    return `${this.cfg.origin()}/f/${key}`;
  }

  /** `POST /route-metadata` (API key): the app announces keys it presigned and where their callbacks go. */
  async routeMetadata(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req, 1_000_000)) as {
      fileKeys?: unknown;
      metadata?: unknown;
      isDev?: unknown;
      callbackUrl?: unknown;
      callbackSlug?: unknown;
      awaitServerData?: unknown;
    } | null;
    if (
      !body ||
      !Array.isArray(body.fileKeys) ||
      !body.fileKeys.every((k) => typeof k === "string") ||
      typeof body.callbackUrl !== "string" ||
      typeof body.callbackSlug !== "string"
    ) {
      return json(res, 400, { error: "Invalid request body: fileKeys, callbackUrl and callbackSlug are required" });
    }
    const keys = body.fileKeys as string[];
    const registration: TRegistration = {
      metadata: body.metadata ?? {},
      callbackUrl: body.callbackUrl,
      callbackSlug: body.callbackSlug,
      awaitServerData: body.awaitServerData !== false,
    };
    if (body.isDev === true) {
      registration.stream = { res, pending: new Set(keys) };
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      // The stream ends when every key has had its callback, or when the presigned URLs would have expired.
      const timer = setTimeout(() => this.endStream(registration), 60 * 60_000);
      timer.unref();
      res.on("close", () => {
        clearTimeout(timer);
        for (const k of keys) if (this.registrations.get(k) === registration) this.registrations.delete(k);
      });
    }
    for (const k of keys) {
      this.registrations.set(k, registration);
      for (const wake of this.registrationWaiters.get(k) ?? []) wake(registration);
      this.registrationWaiters.delete(k);
    }
    if (!registration.stream) json(res, 200, { ok: true });
  }

  /** `POST /callback-result` (API key): the app's `onUploadComplete` finished (or failed) for one key. */
  async callbackResult(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req, 1_000_000)) as { fileKey?: unknown; callbackData?: unknown; error?: unknown };
    if (!body || typeof body.fileKey !== "string") return json(res, 400, { error: "fileKey is required" });
    const waiter = this.resultWaiters.get(body.fileKey);
    if (!waiter) return json(res, 404, { error: "No upload is waiting for this file key" });
    this.resultWaiters.delete(body.fileKey);
    waiter(typeof body.error === "string" ? { error: body.error } : { callbackData: body.callbackData ?? null });
    json(res, 200, { ok: true });
  }

  /**
   * `HEAD /<key>?…signed`: where an interrupted upload resumes (`x-ut-range-start`). The stand-in keeps no partial
   * uploads (a PUT is stored whole or not at all), so an unfinished file always starts at 0.
   */
  head(req: IncomingMessage, res: ServerResponse, key: string): void {
    const checked = checkSignedUrl(requestOrigin(req), req.url ?? "/", this.cfg.apiKey, this.cfg.now());
    if (!checked.ok) return json(res, checked.status, { error: checked.reason });
    const done = this.cfg.store.get(key);
    res.writeHead(200, { "x-ut-range-start": String(done ? done.size : 0) }).end();
  }

  /** `PUT /<key>?…signed`: a multipart body with the file in field `file`. */
  async put(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const cfg = this.cfg;
    const checked = checkSignedUrl(requestOrigin(req), req.url ?? "/", cfg.apiKey, cfg.now());
    if (!checked.ok) return json(res, checked.status, { error: checked.reason });
    const url = checked.url;
    if (signedParam(url, "x-ut-identifier") !== cfg.appId) return json(res, 403, { error: "Unknown app" });
    const name = signedParam(url, "x-ut-file-name");
    const size = Number(signedParam(url, "x-ut-file-size"));
    const type = signedParam(url, "x-ut-file-type");
    if (!name || !Number.isInteger(size) || size < 0 || !type) {
      return json(res, 400, { error: "The URL must sign x-ut-file-name, x-ut-file-size and x-ut-file-type" });
    }
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(type)) return json(res, 400, { error: `Invalid file type '${type}'` });
    if (size > cfg.maxFileSizeBytes) {
      return json(res, 413, { error: `File too large: ${size} bytes, the limit is ${cfg.maxFileSizeBytes}` });
    }
    if (cfg.store.get(key)) return json(res, 409, { error: "A file was already uploaded with this key" });
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "bytes=0-");
    if (!range || range[1] !== "0") return json(res, 416, { error: "Uploads resume from byte 0 only" });

    const slug = signedParam(url, "x-ut-slug");
    const registration = slug ? await this.waitForRegistration(key) : undefined;
    if (slug && !registration) return json(res, 400, { error: "The app registered no upload for this key" });

    let bytes: Uint8Array;
    try {
      // Multipart adds a few hundred bytes around the file; anything beyond that is not the declared file.
      const body = await readBody(req, size + 64 * 1024);
      const form = await new Response(new Uint8Array(body), {
        headers: { "content-type": req.headers["content-type"] ?? "" },
      }).formData();
      const part = form.get("file");
      if (!part || typeof part === "string") return json(res, 400, { error: "The body has no file field" });
      bytes = new Uint8Array(await part.arrayBuffer());
    } catch (err) {
      if (err instanceof TooLarge) return json(res, 413, { error: "The body is larger than the declared file size" });
      return json(res, 400, { error: "The body is not multipart/form-data with a file field" });
    }
    if (bytes.byteLength !== size) {
      return json(res, 400, { error: `Size mismatch: declared ${size} bytes, received ${bytes.byteLength}` });
    }

    const disposition = signedParam(url, "x-ut-content-disposition");
    const acl = signedParam(url, "x-ut-acl");
    const stored = await cfg.store.put(
      {
        key,
        name,
        size,
        type,
        customId: signedParam(url, "x-ut-custom-id") ?? null,
        acl: acl === "public-read" || acl === "private" ? acl : cfg.defaultAcl,
        contentDisposition: disposition === "attachment" ? "attachment" : ("inline" as TDisposition),
        slug,
      },
      bytes,
      cfg.now(),
    );
    cfg.log(`uploadthing: stored ${key} (${name}, ${size} bytes, ${type})`);
    const fileData = this.uploadedFileData(stored);
    if (!registration) return json(res, 200, { ...fileData, serverData: null });

    const result = await this.runCallback(registration, fileData);
    if ("error" in result) return json(res, 200, { error: result.error });
    json(res, 200, { ...fileData, serverData: result.callbackData });
  }

  private uploadedFileData(f: TStoredFile) {
    const url = this.fileUrl(f.key);
    return {
      name: f.name,
      size: f.size,
      type: f.type,
      customId: f.customId,
      key: f.key,
      url,
      appUrl: url,
      ufsUrl: url,
      fileHash: f.fileHash,
      lastModified: f.uploadedAt,
    };
  }

  /** Sends the signed `callback` hook and waits (when the app asked to) for its result. */
  private async runCallback(
    registration: TRegistration,
    file: ReturnType<Ingest["uploadedFileData"]>,
  ): Promise<TCallbackResult> {
    const payload = JSON.stringify({
      status: "uploaded",
      metadata: registration.metadata,
      file,
      origin: this.cfg.origin(),
    });
    const signature = sign(payload, this.cfg.apiKey);
    const result = registration.awaitServerData ? this.waitForResult(file.key) : undefined;
    if (registration.stream) {
      registration.stream.res.write(JSON.stringify({ payload, signature, hook: "callback" }) + "\n");
      registration.stream.pending.delete(file.key);
      if (registration.stream.pending.size === 0) this.endStream(registration);
    } else {
      const target = new URL(registration.callbackUrl);
      target.searchParams.set("slug", registration.callbackSlug);
      const ok = await fetch(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "uploadthing-hook": "callback",
          "x-uploadthing-signature": signature,
        },
        body: payload,
      }).then(
        (r) => r.ok,
        () => false,
      );
      if (!ok) {
        this.resultWaiters.delete(file.key);
        return { error: "The app refused or did not answer the upload callback" };
      }
    }
    this.registrations.delete(file.key);
    return result ? await result : { callbackData: null };
  }

  private endStream(registration: TRegistration): void {
    registration.stream?.res.end();
  }

  private waitForRegistration(key: string): Promise<TRegistration | undefined> {
    const known = this.registrations.get(key);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), this.cfg.callbackTimeoutMs);
      const list = this.registrationWaiters.get(key) ?? [];
      list.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.registrationWaiters.set(key, list);
    });
  }

  private waitForResult(key: string): Promise<TCallbackResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.resultWaiters.delete(key);
        resolve({ error: "The app did not report the upload callback's result in time" });
      }, this.cfg.callbackTimeoutMs);
      this.resultWaiters.set(key, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }
}

// ─── HTTP helpers shared with the API and file routes ───────────────────────

export class TooLarge extends Error {}

export function requestOrigin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "127.0.0.1"}`;
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    // Past the limit the rest is read and dropped, so the client still gets the refusal as a response.
    req.on("data", (c: Buffer) => {
      total += c.length;
      if (total <= limit) chunks.push(c);
    });
    req.on("end", () => (total > limit ? reject(new TooLarge()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

export async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown> | null> {
  try {
    const parsed: unknown = JSON.parse((await readBody(req, limit)).toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
