// UploadThing's REST API as the `UTApi` server SDK calls it: `POST /v6/<action>` with `x-uploadthing-api-key`,
// JSON in and out. Only the calls the SDK makes for files (delete, list, rename, URLs, signed access, ACL, usage).
import type { IncomingMessage, ServerResponse } from "node:http";
import { json, readJson } from "./ingest";
import { sign } from "./signing";
import type { FileStore, TAcl, TStoredFile } from "./store";

export type TApiConfig = {
  apiKey: string;
  appId: string;
  store: FileStore;
  now: () => number;
  /** `http://host:port` the signed file URLs point at (the stand-in's file host). */
  fileOrigin: () => string;
  /** Storage limit reported by getUsageInfo, bytes. */
  limitBytes: number;
};

/** UploadThing caps signed URLs at 7 days. */
const MAX_EXPIRES_IN_S = 7 * 24 * 3600;

type TKeyRef = { fileKey?: unknown; customId?: unknown };

export async function handleApi(
  cfg: TApiConfig,
  action: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.headers["x-uploadthing-api-key"] !== cfg.apiKey) {
    return json(res, 401, { error: "Invalid API key" });
  }
  const body = await readJson(req, 1_000_000);
  if (!body) return json(res, 400, { error: "Invalid JSON body" });
  const { store } = cfg;
  const find = (ref: TKeyRef): TStoredFile | undefined =>
    typeof ref.fileKey === "string"
      ? store.get(ref.fileKey)
      : typeof ref.customId === "string"
        ? store.byCustomId(ref.customId)
        : undefined;
  const refs = (): TStoredFile[] | null => {
    const keys = body.fileKeys ?? body.customIds;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) return null;
    const byKey = body.fileKeys !== undefined;
    return (keys as string[]).flatMap((k) => find(byKey ? { fileKey: k } : { customId: k }) ?? []);
  };

  switch (action) {
    case "deleteFiles": {
      const files = refs();
      if (!files) return json(res, 400, { error: "fileKeys or customIds must be an array of strings" });
      for (const f of files) await store.delete(f.key);
      return json(res, 200, { success: true, deletedCount: files.length });
    }
    case "listFiles": {
      const limit = body.limit === undefined ? 500 : Number(body.limit);
      const offset = body.offset === undefined ? 0 : Number(body.offset);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500 || !Number.isInteger(offset) || offset < 0) {
        return json(res, 400, { error: "limit must be 1-500 and offset 0 or more" });
      }
      const all = store.list();
      const page = all.slice(offset, offset + limit).map((f) => ({
        id: f.key,
        customId: f.customId,
        key: f.key,
        name: f.name,
        size: f.size,
        status: "Uploaded" as const,
        uploadedAt: f.uploadedAt,
      }));
      return json(res, 200, { hasMore: offset + limit < all.length, files: page });
    }
    case "renameFiles": {
      const updates = body.updates;
      if (!Array.isArray(updates)) return json(res, 400, { error: "updates must be an array" });
      for (const u of updates as (TKeyRef & { newName?: unknown })[]) {
        const f = find(u);
        if (!f) return json(res, 404, { error: "File not found" });
        if (typeof u.newName !== "string" || u.newName === "") return json(res, 400, { error: "newName is required" });
        await store.update(f.key, { name: u.newName });
      }
      return json(res, 200, { success: true });
    }
    case "getFileUrl": {
      const files = refs();
      if (!files) return json(res, 400, { error: "fileKeys or customIds must be an array of strings" });
      return json(res, 200, { data: files.map((f) => ({ key: f.key, url: `${cfg.fileOrigin()}/f/${f.key}` })) });
    }
    case "requestFileAccess": {
      const f = find(body);
      if (!f) return json(res, 404, { error: "File not found" });
      const expiresIn = body.expiresIn === undefined ? 3600 : Number(body.expiresIn);
      if (!Number.isFinite(expiresIn) || expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN_S) {
        return json(res, 400, { error: "expiresIn must be 1 to 604800 seconds" });
      }
      const url = signedFileUrl(cfg, f.key, expiresIn);
      return json(res, 200, { url, ufsUrl: url });
    }
    case "updateACL": {
      const updates = body.updates;
      if (!Array.isArray(updates)) return json(res, 400, { error: "updates must be an array" });
      for (const u of updates as (TKeyRef & { acl?: unknown })[]) {
        const f = find(u);
        if (!f) return json(res, 404, { error: "File not found" });
        if (u.acl !== "public-read" && u.acl !== "private") return json(res, 400, { error: "Invalid ACL" });
        await store.update(f.key, { acl: u.acl as TAcl });
      }
      return json(res, 200, { success: true });
    }
    case "getUsageInfo": {
      const all = store.list();
      const total = all.reduce((n, f) => n + f.size, 0);
      return json(res, 200, {
        totalBytes: total,
        appTotalBytes: total,
        filesUploaded: all.length,
        limitBytes: cfg.limitBytes,
      });
    }
    default:
      return json(res, 404, { error: `Unknown API action ${action}` });
  }
}

/** What `UTApi.generateSignedURL` makes with `ufsAppIdLocation: "path"`: `/a/<appId>/<key>?expires=…&signature=…`. */
export function signedFileUrl(
  cfg: Pick<TApiConfig, "apiKey" | "appId" | "now" | "fileOrigin">,
  key: string,
  expiresInS: number,
) {
  const url = new URL(`${cfg.fileOrigin()}/a/${cfg.appId}/${key}`);
  url.searchParams.append("expires", String(cfg.now() + expiresInS * 1000));
  url.searchParams.append("signature", sign(url.toString(), cfg.apiKey));
  return url.href;
}
