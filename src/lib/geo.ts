// The one geo module, shared by server and browser: great-circle distance, bearing and interpolation on a sphere,
// every longitude difference wrapped at ±180° so a lane across the date line is as short as it is on the globe.
export type TLatLng = { lat: number; lng: number };

/** IUGG mean Earth radius (R1), kilometres: every distance in the app uses it. */
export const EARTH_RADIUS_KM = 6371.0088;
/** The same in metres; SQL scales earthdistance's to it. */
export const EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000;
/** Metres in an international mile (exact, by definition). */
export const METRES_PER_MILE = 1609.344;
const toRad = (deg: number) => (deg * Math.PI) / 180;
const toDeg = (rad: number) => (rad * 180) / Math.PI;

/** Longitude folded into [-180, 180). */
export function wrapLng(lng: number): number {
  return ((((lng + 180) % 360) + 360) % 360) - 180;
}

/** The signed east-going difference `to - from` in degrees of longitude, the short way round: [-180, 180). */
export function lngDelta(from: number, to: number): number {
  return wrapLng(to - from);
}

/** Great-circle (haversine) distance in kilometres. */
export function haversineKm(a: TLatLng, b: TLatLng): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(lngDelta(a.lng, b.lng));
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in metres (rounded to the metre): the unit stops, routes and the database use. */
export function distanceMetres(a: TLatLng, b: TLatLng): number {
  return Math.round(haversineKm(a, b) * 1000);
}

/**
 * Initial bearing (forward azimuth) from `a` towards `b` along the great circle, degrees clockwise from true north,
 * [0, 360). Formula: Ed Williams' Aviation Formulary / movable-type.co.uk "Calculate distance, bearing and more".
 * 0 for coincident points.
 */
export function bearingDeg(a: TLatLng, b: TLatLng): number {
  const [lat1, lat2] = [toRad(a.lat), toRad(b.lat)];
  const dLng = toRad(lngDelta(a.lng, b.lng));
  const y = Math.sin(dLng) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLng);
  if (Math.abs(x) < 1e-15 && Math.abs(y) < 1e-15) return 0;
  return (toDeg(Math.atan2(y, x)) + 360) % 360;
}

/**
 * The point a `fraction` (0..1) of the way from `a` to `b` along the great circle (the shortest path on the
 * sphere, across ±180° when that is shorter), longitude in [-180, 180). Same source as bearingDeg ("intermediate
 * point"). The ends are `a` and `b` exactly (fraction <= 0, >= 1). For coincident or antipodal ends (no unique great
 * circle) it returns `a` for fraction < 0.5, else `b`.
 */
export function interpolateGreatCircle(a: TLatLng, b: TLatLng, fraction: number): TLatLng {
  if (fraction <= 0) return a;
  if (fraction >= 1) return b;
  const d = haversineKm(a, b) / EARTH_RADIUS_KM;
  if (d < 1e-12 || Math.abs(d - Math.PI) < 1e-12) return fraction < 0.5 ? a : b;
  const [lat1, lng1, lat2, lng2] = [toRad(a.lat), toRad(a.lng), toRad(b.lat), toRad(b.lng)];
  const s1 = Math.sin((1 - fraction) * d) / Math.sin(d);
  const s2 = Math.sin(fraction * d) / Math.sin(d);
  const x = s1 * Math.cos(lat1) * Math.cos(lng1) + s2 * Math.cos(lat2) * Math.cos(lng2);
  const y = s1 * Math.cos(lat1) * Math.sin(lng1) + s2 * Math.cos(lat2) * Math.sin(lng2);
  const z = s1 * Math.sin(lat1) + s2 * Math.sin(lat2);
  return { lat: toDeg(Math.atan2(z, Math.hypot(x, y))), lng: wrapLng(toDeg(Math.atan2(y, x))) };
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
  if (haversineKm(a, b) / EARTH_RADIUS_KM < 1e-9) return [a, b];
  return Array.from({ length: segments + 1 }, (_, i) => interpolateGreatCircle(a, b, i / segments));
}
