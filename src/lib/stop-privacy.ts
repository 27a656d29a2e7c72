// Where the public tracking link stops showing the truck: close to a stop, the exact trail would draw the street
// address that the link otherwise hides (its map shows each stop only as a ~1 km area). The parties' own views
// (shipper, driver, admins) are not affected.
import type { TLatLng } from "./geo";

/** Half the side of the square hidden around each stop, in metres. */
export const STOP_PRIVACY_M = 1_000;

/** Metres per degree of latitude (WGS84 mean; within 0.6% anywhere, plenty for a privacy margin). */
const M_PER_DEG_LAT = 111_320;

/**
 * The square of ±STOP_PRIVACY_M around `stop` in degrees: `{ lat: [min, max], lng: [min, max] }`. Longitude degrees
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
