// The public tracking view behind a shipment's tracking link: no names, phones, emails or addresses of anybody.
import { routeProgress } from "~/lib/geo";
import { deliveredStatuses, enRouteStatuses } from "~/lib/shipment-state";
import { nearAStop } from "~/lib/stop-privacy";
import { db } from "~/server/db";

const roundedArea = (p: { lat: number; lng: number }) => ({
  lat: Math.round(p.lat * 100) / 100,
  lng: Math.round(p.lng * 100) / 100,
});

/**
 * What a recipient sees with the link `token`: `{ state: "not-found" }` for a token we never issued,
 * `{ state: "expired" }` once `trackingTokenExpiresAt` has passed (7 days after delivery), else `state: "ok"` with
 * the reference, status, the two cities, the ETA (UTC instant, only while on the road), the delivery instant,
 * `progress` along the route (0..1, two decimals), the last reported position (only while not yet delivered, and
 * not within STOP_PRIVACY_M of a stop: src/lib/stop-privacy.ts) and
 * the stops' areas for the map (`pickupArea`/`dropoffArea`: degrees rounded to 0.01°, about 1 km, so the public
 * link shows where, not the street address).
 * `tracking.get`'s output schema checks this shape; pages and the preview image read it through that procedure.
 */
export async function getTracking(token: string) {
  const s = await db.shipment.findUnique({
    where: { trackingToken: token },
    select: {
      reference: true,
      status: true,
      pickupCity: true,
      dropoffCity: true,
      pickupLat: true,
      pickupLng: true,
      dropoffLat: true,
      dropoffLng: true,
      lastLat: true,
      lastLng: true,
      lastPositionAt: true,
      etaAt: true,
      pickedUpAt: true,
      deliveredAt: true,
      trackingTokenExpiresAt: true,
    },
  });
  if (!s) return { state: "not-found" as const };
  if (s.trackingTokenExpiresAt && s.trackingTokenExpiresAt <= new Date()) return { state: "expired" as const };
  const pickup = { lat: s.pickupLat, lng: s.pickupLng };
  const dropoff = { lat: s.dropoffLat, lng: s.dropoffLng };
  const position = s.lastLat !== null && s.lastLng !== null ? { lat: s.lastLat, lng: s.lastLng } : null;
  // Close to a stop the exact position would show the street address: the link says how far along, not where.
  const shown = position && !nearAStop(position, [pickup, dropoff]) ? position : null;
  const delivered = deliveredStatuses.includes(s.status);
  const enRoute = enRouteStatuses.includes(s.status);
  const progress = delivered ? 1 : position && enRoute ? routeProgress(pickup, dropoff, position) : 0;
  return {
    state: "ok" as const,
    reference: s.reference,
    status: s.status,
    pickupCity: s.pickupCity,
    dropoffCity: s.dropoffCity,
    etaAt: enRoute ? s.etaAt : null,
    deliveredAt: s.deliveredAt,
    progress: Math.round(progress * 100) / 100,
    lastPosition: shown && !delivered ? { ...shown, at: s.lastPositionAt } : null,
    pickupArea: roundedArea(pickup),
    dropoffArea: roundedArea(dropoff),
  };
}
