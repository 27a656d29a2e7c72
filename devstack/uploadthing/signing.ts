// UploadThing's signatures, as its SDK makes and checks them (@uploadthing/shared signPayload / verifySignature):
// `hmac-sha256=<hex>` of the exact text (a URL or a JSON body) keyed with the app's API key (`sk_…`).
import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "hmac-sha256=";

/** `hmac-sha256=<hex>` of `payload` under `apiKey`. */
export function sign(payload: string, apiKey: string): string {
  return PREFIX + createHmac("sha256", apiKey).update(payload).digest("hex");
}

/** True when `signature` is `sign(payload, apiKey)`; compared in constant time. */
export function verify(payload: string, signature: string | null | undefined, apiKey: string): boolean {
  if (!signature?.startsWith(PREFIX)) return false;
  const given = Buffer.from(signature.slice(PREFIX.length), "hex");
  const expected = createHmac("sha256", apiKey).update(payload).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The token the SDK reads (`UPLOADTHING_TOKEN`): base64 of `{ apiKey, appId, regions }`. */
export function encodeToken(app: { apiKey: string; appId: string }): string {
  return Buffer.from(JSON.stringify({ apiKey: app.apiKey, appId: app.appId, regions: ["local"] })).toString("base64");
}

export type TSignedUrlCheck = { ok: true; url: URL } | { ok: false; status: 400 | 403; reason: string };

/**
 * Checks a presigned URL as UploadThing's ingest and file host do: the `signature` parameter (appended last by the
 * SDK) must be the HMAC of everything before it, origin included, and `expires` (ms since the epoch) must lie in
 * the future. `origin` is how the request reached us (`http://host:port` from the Host header), because that is
 * what the signer wrote into the URL.
 */
export function checkSignedUrl(origin: string, rawPath: string, apiKey: string, now: number): TSignedUrlCheck {
  const at = rawPath.lastIndexOf("&signature=");
  if (at < 0) return { ok: false, status: 403, reason: "Missing signature" };
  const unsigned = rawPath.slice(0, at);
  const url = new URL(origin + rawPath);
  if (!verify(origin + unsigned, url.searchParams.get("signature"), apiKey)) {
    return { ok: false, status: 403, reason: "Invalid signature" };
  }
  const expires = Number(url.searchParams.get("expires"));
  if (!Number.isFinite(expires) || expires <= 0) return { ok: false, status: 400, reason: "Missing expires" };
  if (expires < now) return { ok: false, status: 403, reason: "URL expired" };
  return { ok: true, url };
}

/** A signed `x-ut-*` parameter: the SDK encodes each value once before URLSearchParams encodes it again. */
export function signedParam(url: URL, name: string): string | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
