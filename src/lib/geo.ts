// Geography shared by server and browser: straight-line distance until road routing lands.
export type TLatLng = { lat: number; lng: number };

const EARTH_RADIUS_KM = 6371.0088;
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
