import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import { env } from "~/env";

/** A URL-safe random token (sent to the user) and its SHA-256 (stored). */
export function newToken(bytes = 32): { token: string; hash: string } {
  const token = randomBytes(bytes).toString("base64url");
  return { token, hash: sha256(token) };
}

/**
 * The token for the email an event asks for (verification, password reset): an HMAC of the purpose and the event
 * id under AUTH_SECRET, so every retry of that event's function issues the same link (the email is sent once under
 * one idempotency key) and the token itself never travels in the event or the step results Inngest stores.
 * Unguessable without AUTH_SECRET, like a random 32-byte token; returned with its SHA-256, which is what is stored.
 */
export function eventToken(purpose: string, eventId: string): { token: string; hash: string } {
  const token = createHmac("sha256", env.AUTH_SECRET).update(`event-token:${purpose}:${eventId}`).digest("base64url");
  return { token, hash: sha256(token) };
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Short secrets (6-digit delivery codes) are peppered with the server secret, so a database copy cannot brute-force them. */
export function hmac(value: string): string {
  return createHmac("sha256", env.AUTH_SECRET).update(value).digest("hex");
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
