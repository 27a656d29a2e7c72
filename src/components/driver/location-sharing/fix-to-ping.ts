// Turns the browser's position fixes into the pings the ingest route takes (src/lib/schemas/tracking.ts), and
// decides which fixes are worth keeping. Pure: the unit tests feed it plain objects.
import { type TPingInput, ZPingSchema } from "~/lib/schemas/tracking";

/** Fixes closer together than this are one fix: phones report bursts, and a ping's identity is its second. */
export const MIN_FIX_INTERVAL_MS = 1_000;

/** The parts of a `GeolocationPosition` a ping needs (a real position satisfies it; tests pass plain objects). */
export type TFix = {
  timestamp: number;
  coords: {
    latitude: number;
    longitude: number;
    accuracy: number | null;
    speed: number | null;
    heading: number | null;
  };
};

/** A number the device actually knows: the Geolocation API reports "unknown" as null or NaN. */
function known(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}

/**
 * The ping for one fix of `shipmentId`'s driver: `recordedAt` = the fix's `timestamp` (epoch ms, rounded down to a
 * whole ms), lat/lng in degrees, `accuracyM` metres, `speedKmh` = the fix's m/s × 3.6, `headingDeg` degrees
 * clockwise from true north in [0, 360) (null when unknown: the API gives NaN when the phone stands still).
 * Returns null for a fix the ingest route would refuse (ZPingSchema: e.g. accuracy worse than 10 km, a negative
 * speed): queueing it would only cost a request.
 */
export function fixToPing(shipmentId: string, fix: TFix): TPingInput | null {
  const speed = known(fix.coords.speed);
  const heading = known(fix.coords.heading);
  const candidate = {
    shipmentId,
    lat: fix.coords.latitude,
    lng: fix.coords.longitude,
    accuracyM: known(fix.coords.accuracy),
    speedKmh: speed === null ? null : speed * 3.6,
    headingDeg: heading === null ? null : ((heading % 360) + 360) % 360,
    recordedAt: Math.floor(fix.timestamp),
  };
  const parsed = ZPingSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/**
 * Whether a fix recorded at `recordedAt` (epoch ms) adds anything after the last kept one (`previousAt`, or null
 * for the first): it must come at least MIN_FIX_INTERVAL_MS later. An older or repeated fix (a cached position
 * handed out again) is never kept.
 */
export function isNewFix(previousAt: number | null, recordedAt: number): boolean {
  return previousAt === null || recordedAt - previousAt >= MIN_FIX_INTERVAL_MS;
}
