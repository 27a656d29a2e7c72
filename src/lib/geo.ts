// Geography shared by server and browser: straight-line distance until road routing lands.
export type TLatLng = { lat: number; lng: number };

const EARTH_RADIUS_KM = 6371.0088;
/** The mean earth radius (IUGG) every distance in the app uses, in metres; SQL scales earthdistance's to it. */
export const EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000;
/** Metres in an international mile (exact, by definition). */
export const METRES_PER_MILE = 1609.344;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in kilometres. */
export function haversineKm(a: TLatLng, b: TLatLng): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Average truck speed used for durations and ETAs when no traffic data is configured. */
export const AVERAGE_SPEED_KMH = 65;

export function estimateDurationMin(distanceKm: number): number {
  return Math.max(1, Math.round((distanceKm / AVERAGE_SPEED_KMH) * 60));
}

/** Fraction of the route covered, 0..1, from the position's distance to the drop-off. */
export function routeProgress(pickup: TLatLng, dropoff: TLatLng, position: TLatLng): number {
  const total = haversineKm(pickup, dropoff);
  if (total === 0) return 1;
  return Math.min(1, Math.max(0, 1 - haversineKm(position, dropoff) / total));
}

/**
 * `segments + 1` points along the great circle from `a` to `b` (the shortest path on the sphere), ends included,
 * longitudes in [-180, 180]. The live map's planned route until road routing lands (issue 10).
 */
export function greatCirclePoints(a: TLatLng, b: TLatLng, segments = 32): TLatLng[] {
  const [lat1, lng1, lat2, lng2] = [toRad(a.lat), toRad(a.lng), toRad(b.lat), toRad(b.lng)];
  const d = haversineKm(a, b) / EARTH_RADIUS_KM;
  if (d < 1e-9) return [a, b];
  const points: TLatLng[] = [];
  for (let i = 0; i <= segments; i++) {
    const f = i / segments;
    const s1 = Math.sin((1 - f) * d) / Math.sin(d);
    const s2 = Math.sin(f * d) / Math.sin(d);
    const x = s1 * Math.cos(lat1) * Math.cos(lng1) + s2 * Math.cos(lat2) * Math.cos(lng2);
    const y = s1 * Math.cos(lat1) * Math.sin(lng1) + s2 * Math.cos(lat2) * Math.sin(lng2);
    const z = s1 * Math.sin(lat1) + s2 * Math.sin(lat2);
    points.push({ lat: (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI, lng: (Math.atan2(y, x) * 180) / Math.PI });
  }
  return points;
}
