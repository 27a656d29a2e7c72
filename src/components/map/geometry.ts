// The live map's pure parts, shared by every base layer (offline SVG, MapLibre, Google): where to centre and how
// far to zoom for the stops and trail (also across the ±180° meridian), the driver marker's glide between two
// fixes, and the words for how fresh the last fix is. No DOM and no map library here, so they are unit-tested.
import { haversineKm, lngDelta, wrapLng, type TLatLng } from "~/lib/geo";
import type { TTrailPoint } from "~/lib/realtime";

/** A driver fix: `recordedAt` epoch ms, `speedKmh` km/h, `headingDeg` clockwise from north (the trail's points). */
export type TFix = TTrailPoint;

const toRad = (deg: number) => (deg * Math.PI) / 180;
const toDeg = (rad: number) => (rad * 180) / Math.PI;

export { wrapLng };

/**
 * The spherical mean of `points` (the direction of the sum of their unit vectors), in degrees. Unlike averaging
 * longitudes it is right across the ±180° meridian: 179.5° and -179.5° centre on 180°, not on 0°. Null for no
 * points or points that cancel out (antipodes).
 */
export function sphericalCentre(points: readonly TLatLng[]): TLatLng | null {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of points) {
    const lat = toRad(p.lat);
    const lng = toRad(p.lng);
    x += Math.cos(lat) * Math.cos(lng);
    y += Math.cos(lat) * Math.sin(lng);
    z += Math.sin(lat);
  }
  const norm = Math.hypot(x, y, z);
  if (points.length === 0 || norm < 1e-9) return null;
  return { lat: toDeg(Math.asin(z / norm)), lng: toDeg(Math.atan2(y, x)) };
}

/**
 * The box that holds `points`, as `{ west, south, east, north }` in degrees. When the shortest box crosses the
 * ±180° meridian, `west > east` (the GeoJSON / MapLibre convention: west 179, east -179 is 2° wide). Null for no
 * points.
 */
export function boundsOf(
  points: readonly TLatLng[],
): { west: number; south: number; east: number; north: number } | null {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lngs = [...new Set(points.map((p) => wrapLng(p.lng)))].sort((a, b) => a - b);
  // The box is the circle of longitudes minus its widest gap between neighbouring points.
  let gapEnd = 0;
  let widest = -1;
  for (let i = 0; i < lngs.length; i++) {
    const from = lngs[i]!;
    const to = i + 1 < lngs.length ? lngs[i + 1]! : lngs[0]! + 360;
    if (to - from > widest) {
      widest = to - from;
      gapEnd = (i + 1) % lngs.length;
    }
  }
  const west = lngs[gapEnd]!;
  const east = lngs[(gapEnd + lngs.length - 1) % lngs.length]!;
  return { west, south: Math.min(...lats), east, north: Math.max(...lats) };
}

/** Width of `boundsOf`'s box in degrees of longitude (0..360), also when it crosses ±180°. */
export function boundsWidthDeg(b: { west: number; east: number }): number {
  return b.west <= b.east ? b.east - b.west : b.east + 360 - b.west;
}

/** Ease in and out (cubic), 0..1 → 0..1: the marker starts and stops gently. */
export function easeInOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5 ? 4 * c * c * c : 1 - (-2 * c + 2) ** 3 / 2;
}

/** The shorter turn from `from` to `to`, in degrees (-180..180]. */
function turn(from: number, to: number): number {
  const d = (((to - from) % 360) + 360) % 360;
  return d > 180 ? d - 360 : d;
}

/**
 * Where the driver marker is drawn a fraction `t` (0..1, eased by the caller) of the way from fix `from` to fix
 * `to`. Straight in latitude and longitude (fixes are seconds apart, metres to a few kilometres), the short way
 * round the ±180° meridian; the heading turns the short way too and is null when either end has none.
 */
export function interpolateFix(from: TFix, to: TFix, t: number): TFix {
  const c = Math.min(1, Math.max(0, t));
  const heading =
    from.headingDeg !== null && to.headingDeg !== null
      ? (((from.headingDeg + turn(from.headingDeg, to.headingDeg) * c) % 360) + 360) % 360
      : to.headingDeg;
  return {
    lat: from.lat + (to.lat - from.lat) * c,
    lng: wrapLng(from.lng + lngDelta(from.lng, to.lng) * c),
    recordedAt: Math.round(from.recordedAt + (to.recordedAt - from.recordedAt) * c),
    speedKmh: c < 1 ? from.speedKmh : to.speedKmh,
    headingDeg: heading,
  };
}

/** A fix older than this no longer counts as live: the marker greys out and the map says when it was last seen. */
export const STALE_AFTER_MS = 5 * 60 * 1000;

/** How often the "Last seen … ago" words are refreshed. */
export const FRESHNESS_TICK_MS = 30 * 1000;

/** "just now", "4 min ago", "2 h 5 min ago", "3 days ago", for a time `ageMs` milliseconds ago (negative: 0). */
export function agoText(ageMs: number): string {
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${minutes % 60} min ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/**
 * How fresh the driver's last fix is at `now` (both epoch ms). Stale after `STALE_AFTER_MS` (5 min, issue 9: "a
 * position older than 5 minutes shows as such"): "Last seen 6 min ago"; fresh: "Updated just now" /
 * "Updated 2 min ago". Null `lastSeenAt`: no fix yet.
 */
export function freshness(
  lastSeenAt: number | null,
  now: number,
): { stale: boolean; label: string; ageMs: number } | null {
  if (lastSeenAt === null) return null;
  const ageMs = now - lastSeenAt;
  const stale = ageMs > STALE_AFTER_MS;
  return { stale, ageMs, label: `${stale ? "Last seen" : "Updated"} ${agoText(ageMs)}` };
}

/**
 * A clock time with its zone named, in the viewer's time zone unless `timeZone` (IANA) is given: "3:40 PM CST".
 * Adds the date ("Tue, Dec 1, 3:40 PM CST") when it is not the same calendar day as `now` in that zone.
 */
export function formatClock(at: Date, now: Date = new Date(), timeZone?: string): string {
  const day = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
  const sameDay = day.format(at) === day.format(now);
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    ...(sameDay ? {} : { weekday: "short", month: "short", day: "numeric" }),
  }).format(at);
}

/** Kilometres left from the driver to the drop-off, along `route` when given (from its point nearest the driver). */
export function remainingKm(position: TLatLng, dropoff: TLatLng, route?: readonly TLatLng[]): number {
  if (!route || route.length < 2) return haversineKm(position, dropoff);
  let nearest = 0;
  let best = Infinity;
  route.forEach((p, i) => {
    const d = haversineKm(position, p);
    if (d < best) {
      best = d;
      nearest = i;
    }
  });
  let km = best;
  for (let i = nearest; i + 1 < route.length; i++) km += haversineKm(route[i]!, route[i + 1]!);
  return km;
}
