// Per-shipment secrets. The 6-digit delivery code is derived from the server secret and the shipment id, so the
// shipper can always see it while the database keeps only a peppered hash; the tracking token is random.
import { randomBytes } from "node:crypto";

import { hmac, safeEqualHex } from "~/server/auth/tokens";

export function newShipmentId(): string {
  return `s${randomBytes(12).toString("hex")}`;
}

export function newTrackingToken(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * The shipment's 6-digit delivery code. `version` is `Shipment.deliveryCodeVersion`: 0 as created, raised by one each
 * time an admin re-issues the code (services/admin/interventions.ts), which gives a new code and voids the old one.
 */
export function deliveryCodeFor(shipmentId: string, version = 0): string {
  const subject = version === 0 ? `delivery-code:${shipmentId}` : `delivery-code:${shipmentId}:v${version}`;
  const n = parseInt(hmac(subject).slice(0, 12), 16) % 1_000_000;
  return n.toString().padStart(6, "0");
}

export function deliveryCodeHash(shipmentId: string, code: string): string {
  return hmac(`delivery-code-hash:${shipmentId}:${code}`);
}

export function deliveryCodeMatches(shipmentId: string, code: string, storedHash: string | null): boolean {
  return !!storedHash && safeEqualHex(deliveryCodeHash(shipmentId, code), storedHash);
}

export const TRACKING_LINK_TTL_AFTER_DELIVERY_MS = 7 * 24 * 3600_000;
export const MAX_DELIVERY_CODE_ATTEMPTS = 5;
