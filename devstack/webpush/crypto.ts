// The receiving side of Web Push: what a browser does with a push message. VAPID (RFC 8292): an ES256 JWT in
// `Authorization: vapid t=<jwt>, k=<public key>` whose `aud` is the push service's origin and whose `exp` is at most
// 24 h ahead. Payload (RFC 8291 with RFC 8188 "aes128gcm"): ECDH between the subscription's key and the sender's
// one-time key, HKDF with the subscription's auth secret, AES-128-GCM. Written with node:crypto only, independent
// of the `web-push` library the app sends with, so the contract suite tests one against the other.
import { createDecipheriv, createECDH, createHmac, createPublicKey, verify } from "node:crypto";

const b64u = (b: Buffer): string => b.toString("base64url");
const hmac = (key: Buffer, data: Buffer): Buffer => createHmac("sha256", key).update(data).digest();

export type TReceiverKeys = { privateKey: Buffer; publicKey: Buffer; auth: Buffer };

/** A fresh subscription key pair (P-256, uncompressed 65-byte public key) and a 16-byte auth secret. */
export function newReceiverKeys(auth: Buffer): TReceiverKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { privateKey: ecdh.getPrivateKey(), publicKey: ecdh.getPublicKey(), auth };
}

export type TVapidCheck = { ok: true; publicKey: string; subject: string } | { ok: false; reason: string };

/** Checks a VAPID Authorization header for a push to `origin` at `nowSec` (Unix seconds). */
export function checkVapid(header: string | undefined, origin: string, nowSec: number): TVapidCheck {
  const match = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/i.exec(header ?? "");
  if (!match) return { ok: false, reason: "missing or malformed 'Authorization: vapid t=..., k=...'" };
  const [jwt, k] = [match[1]!, match[2]!];
  const parts = jwt.split(".");
  if (parts.length !== 3) return { ok: false, reason: "the VAPID token is not a JWT" };
  const point = Buffer.from(k, "base64url");
  if (point.length !== 65 || point[0] !== 4) return { ok: false, reason: "k is not an uncompressed P-256 key" };
  let header_: { alg?: string };
  let claims: { aud?: string; exp?: number; sub?: string };
  try {
    header_ = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as { alg?: string };
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return { ok: false, reason: "the VAPID token is not readable JSON" };
  }
  if (header_.alg !== "ES256") return { ok: false, reason: "the VAPID token must be ES256" };
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65)) },
    format: "jwk",
  });
  const signed = verify(
    "sha256",
    Buffer.from(`${parts[0]}.${parts[1]}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(parts[2]!, "base64url"),
  );
  if (!signed) return { ok: false, reason: "the VAPID signature does not verify with k" };
  if (claims.aud !== origin) return { ok: false, reason: `aud must be ${origin}` };
  if (typeof claims.exp !== "number" || claims.exp <= nowSec || claims.exp > nowSec + 24 * 3600) {
    return { ok: false, reason: "exp must be in the future and at most 24 hours ahead" };
  }
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) {
    return { ok: false, reason: "sub must be a mailto: or https: URL" };
  }
  return { ok: true, publicKey: k, subject: claims.sub };
}

/** Decrypts an aes128gcm Web Push body for `keys`; throws on anything malformed or not decryptable. */
export function decryptPush(body: Buffer, keys: TReceiverKeys): Buffer {
  if (body.length < 21 + 65 + 17) throw new Error("body too short for an aes128gcm header and one record");
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  if (idlen !== 65) throw new Error("keyid must be the sender's 65-byte public key");
  const senderPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (ciphertext.length > rs) throw new Error("only single-record messages are supported (record size)");

  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(keys.privateKey);
  const secret = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), keys.publicKey, senderPublic, Buffer.from([1])]);
  const ikm = hmac(hmac(keys.auth, secret), keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 2) throw new Error("missing the last-record padding delimiter");
  return padded.subarray(0, end);
}
