// Where the public tracking link stops showing the truck: close to a stop, the exact trail would draw the street
// address that the link otherwise hides (its map shows each stop only as a ~1 km area). The parties' own views
// (shipper, driver, admins) are not affected.
import { haversineKm, type TLatLng } from "./geo";

/** Half the side of the square hidden around each stop, in metres. */
export const STOP_PRIVACY_M = 1_000;

/** Metres per degree of latitude (WGS84 mean; within 0.6% anywhere, plenty for a privacy margin). */
export const M_PER_DEG_LAT = 111_320;

/**
 * The square of ±STOP_PRIVACY_M around `stop` in degrees (the ping ingest applies the same square in SQL:
 * src/server/services/tracking/ingest-pings.ts): `{ lat: [min, max], lng: [min, max] }`. Longitude degrees
 * shrink with the cosine of the latitude; near the poles (where that tends to 0) the square is capped at ±1°.
 */
export function privacySquare(stop: TLatLng): { lat: [number, number]; lng: [number, number] } {
  const dLat = STOP_PRIVACY_M / M_PER_DEG_LAT;
  const dLng = Math.min(1, STOP_PRIVACY_M / (M_PER_DEG_LAT * Math.max(Math.cos((stop.lat * Math.PI) / 180), 1e-6)));
  return { lat: [stop.lat - dLat, stop.lat + dLat], lng: [stop.lng - dLng, stop.lng + dLng] };
}

/** True when `point` lies within the privacy square of any of `stops` (see privacySquare). */
export function nearAStop(point: TLatLng, stops: readonly TLatLng[]): boolean {
  return stops.some((stop) => {
    const sq = privacySquare(stop);
    return point.lat >= sq.lat[0] && point.lat <= sq.lat[1] && point.lng >= sq.lng[0] && point.lng <= sq.lng[1];
  });
}

/** A stop as the public link shows it: degrees rounded to 0.01° (about 1 km), never the street address. */
export function publicArea(stop: TLatLng): TLatLng {
  return { lat: Math.round(stop.lat * 100) / 100, lng: Math.round(stop.lng * 100) / 100 };
}

/**
 * The ETA the public link may show: the exact ETA `etaAt` (computed from `at`, the fix's time, at some speed toward
 * the exact drop-off) re-scaled to the distance from `position` to the drop-off's public area instead. The exact ETA
 * with the position gives the exact distance to the door, and three of them the door itself (trilateration); this
 * one gives only the distance to the area the link already shows, at the same speed. Null when any input is
 * missing or the ETA is not ahead of the fix.
 */
export function publicEta(opts: {
  etaAt: Date | null;
  at: Date | null;
  position: TLatLng | null;
  dropoff: TLatLng;
}): Date | null {
  const { etaAt, at, position, dropoff } = opts;
  if (!etaAt || !at || !position) return null;
  const leftMs = etaAt.getTime() - at.getTime();
  const exactKm = haversineKm(position, dropoff);
  if (leftMs <= 0 || exactKm < 0.001) return null;
  return new Date(at.getTime() + (leftMs * haversineKm(position, publicArea(dropoff))) / exactKm);
}
