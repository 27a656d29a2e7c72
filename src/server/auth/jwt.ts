// The session cookie's JWT in next-auth's own format (JWE, "dir" + A256GCM, key = HKDF-SHA256 of the secret),
// so cookies written by either side stay readable by the other. next-auth derives the key again on every call,
// which costs a thread-pool round trip per signed-in request; here it is derived once per secret and salt.
import { createSecretKey, hkdfSync, randomUUID, type KeyObject } from "node:crypto";

import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const DEFAULT_MAX_AGE_SEC = 30 * 24 * 60 * 60;
const keys = new Map<string, KeyObject>();

function encryptionKey(secret: string | Buffer, salt: string): KeyObject {
  const id = `${typeof secret === "string" ? secret : secret.toString("hex")}\u0000${salt}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = createSecretKey(Buffer.from(hkdfSync("sha256", secret, salt, info, 32)));
    keys.set(id, key);
  }
  return key;
}

export async function encodeJwt({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_SEC, salt = "" }: JWTEncodeParams) {
  const nowSec = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + maxAge)
    .setJti(randomUUID())
    .encrypt(encryptionKey(secret, salt));
}

/** The token's claims, or throws when it is malformed, tampered with or expired (15 s clock tolerance). */
export async function decodeJwt({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), {
    clockTolerance: 15,
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  return payload as JWT;
}
