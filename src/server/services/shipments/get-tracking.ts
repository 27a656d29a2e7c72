// The public tracking view behind a shipment's tracking link: no names, phones, emails or addresses of anybody.
import { routeProgress } from "~/lib/geo";
import { deliveredStatuses, enRouteStatuses } from "~/lib/shipment-state";
import { nearAStop, publicArea, publicEta } from "~/lib/stop-privacy";
import { db } from "~/server/db";

/**
 * What a recipient sees with the link `token`: `{ state: "not-found" }` for a token we never issued,
 * `{ state: "expired" }` once `trackingTokenExpiresAt` has passed (7 days after delivery), else `state: "ok"` with
 * the reference, status, the two cities, the ETA (UTC instant, only while on the road, to the drop-off's public area:
 * publicEta), the delivery instant, `progress` along the route between the public areas (0..1, two decimals), the
 * last reported position (only while the load is on the road, and not within STOP_PRIVACY_M of a stop:
 * src/lib/stop-privacy.ts) and
 * the stops' areas for the map (`pickupArea`/`dropoffArea`: degrees rounded to 0.01°, about 1 km, so the public
 * link shows where, not the street address), and `deliveryPhoto`: whether the delivered cargo's photo can be seen
 * through /api/tracking/<token>/delivery-photo (see trackingPhotoUrl; never the signature or the code).
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
      podPhotoPublic: true,
      proofOfDelivery: { select: { photoFileId: true } },
    },
  });
  if (!s) return { state: "not-found" as const };
  if (s.trackingTokenExpiresAt && s.trackingTokenExpiresAt <= new Date()) return { state: "expired" as const };
  const pickup = { lat: s.pickupLat, lng: s.pickupLng };
  const dropoff = { lat: s.dropoffLat, lng: s.dropoffLng };
  const position = s.lastLat !== null && s.lastLng !== null ? { lat: s.lastLat, lng: s.lastLng } : null;
  const delivered = deliveredStatuses.includes(s.status);
  const enRoute = enRouteStatuses.includes(s.status);
  // Only while the load is on the truck (before pick-up it is the driver's own whereabouts), and never close to a
  // stop, where the exact position would show the street address: the link says how far along, not where.
  const shown = position && enRoute && !nearAStop(position, [pickup, dropoff]) ? position : null;
  // Progress and ETA against the stops' public areas: measured to the exact door, either would give it away.
  const pickupArea = publicArea(pickup);
  const dropoffArea = publicArea(dropoff);
  const progress = delivered ? 1 : position && enRoute ? routeProgress(pickupArea, dropoffArea, position) : 0;
  return {
    state: "ok" as const,
    reference: s.reference,
    status: s.status,
    pickupCity: s.pickupCity,
    dropoffCity: s.dropoffCity,
    etaAt: enRoute ? publicEta({ etaAt: s.etaAt, at: s.lastPositionAt, position, dropoff }) : null,
    deliveredAt: s.deliveredAt,
    progress: Math.round(progress * 100) / 100,
    lastPosition: shown ? { ...shown, at: s.lastPositionAt } : null,
    pickupArea,
    dropoffArea,
    deliveryPhoto: delivered && s.podPhotoPublic && !!s.proofOfDelivery?.photoFileId,
  };
}
