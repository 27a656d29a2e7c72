// The catch-up read behind every live map: a shipment's stored pings as trail points, either the latest window
// (first load) or the ones after a `since` cursor (after a reconnect, in pages). Pusher keeps no history, so this
// is how a client that missed `location` events gets them back.
import { AppError } from "~/lib/app-error";
import type { TLatLng } from "~/lib/geo";
import type { TTrailPoint } from "~/lib/realtime";
import { enRouteStatuses } from "~/lib/shipment-state";
import { privacySquare, publicEta } from "~/lib/stop-privacy";
import { db } from "~/server/db";
import { accessFor, notFound, type TViewer } from "~/server/services/shipments/access";

/** Points per read: the most a caller may ask for, and what it gets when it does not say. */
export const POSITIONS_LIMIT_MAX = 500;

export type TPositionsPage = {
  /** Ascending `recordedAt`. */
  points: TTrailPoint[];
  /**
   * With `since`: more points follow the last one returned (ask again with its `recordedAt`). Without: older points
   * exist before the first one returned (the window is the latest `limit`).
   */
  hasMore: boolean;
  /** The shipment's current ETA at the drop-off (UTC instant), null when unknown. */
  etaAt: Date | null;
  /** When the newest fix was recorded (UTC instant), null before the first one. */
  lastPositionAt: Date | null;
};

export type TPositionsQuery = {
  /** Epoch milliseconds, exclusive; null or absent: the latest `limit` points. */
  since?: number | null;
  /** 1–500, default 500. */
  limit?: number;
};

/** Reads a page of the trail; fixes inside the privacy square of any of `hideNear` are left out (see stop-privacy). */
async function readPoints(
  shipmentId: string,
  q: TPositionsQuery,
  hideNear: readonly TLatLng[] = [],
  notBefore: Date | null = null,
  onlyDriverId: string | null = null,
): Promise<{ points: TTrailPoint[]; hasMore: boolean }> {
  const limit = Math.min(POSITIONS_LIMIT_MAX, Math.max(1, Math.trunc(q.limit ?? POSITIONS_LIMIT_MAX)));
  const since = q.since ?? null;
  // In the query, so that pages and `hasMore` count only what is shown.
  const hidden = hideNear.map((stop) => {
    const sq = privacySquare(stop);
    return { lat: { gte: sq.lat[0], lte: sq.lat[1] }, lng: { gte: sq.lng[0], lte: sq.lng[1] } };
  });
  const rows = await db.locationPing.findMany({
    where: {
      shipmentId,
      ...(onlyDriverId ? { driverId: onlyDriverId } : {}),
      ...(since !== null || notBefore
        ? {
            recordedAt: {
              ...(since !== null ? { gt: new Date(since) } : {}),
              ...(notBefore ? { gte: notBefore } : {}),
            },
          }
        : {}),
      ...(hidden.length > 0 ? { NOT: hidden } : {}),
    },
    orderBy: { recordedAt: since !== null ? "asc" : "desc" },
    take: limit + 1,
    select: { lat: true, lng: true, recordedAt: true, speedKmh: true, headingDeg: true },
  });
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (since === null) page.reverse();
  return {
    points: page.map((r) => ({
      lat: r.lat,
      lng: r.lng,
      recordedAt: r.recordedAt.getTime(),
      speedKmh: r.speedKmh,
      headingDeg: r.headingDeg,
    })),
    hasMore,
  };
}

/**
 * The trail of shipment `shipmentId` for `viewer`: its shipper and admins (every fix), its driver (their own fixes
 * only, also after delivery). A
 * driver looking at an open load and everybody else get NOT_FOUND, the same answer as for a shipment that does not
 * exist (see get-shipment-or-throw.ts). Two pings of one shipment with the same millisecond (only possible across
 * a reassignment) may be split by a page boundary and the second skipped by a `since` read.
 *
 * @throws AppError NOT_FOUND when the shipment does not exist or the viewer may not see its positions.
 */
export async function listPositions(
  viewer: TViewer,
  shipmentId: string,
  query: TPositionsQuery = {},
): Promise<TPositionsPage> {
  const s = await db.shipment.findUnique({
    where: { id: shipmentId },
    select: { shipperId: true, driverId: true, status: true, etaAt: true, lastPositionAt: true },
  });
  if (!s) throw notFound();
  const access = accessFor(viewer, s);
  if (access !== "owner" && access !== "assigned-driver" && access !== "admin") throw notFound();
  // A driver sees their own fixes only: an earlier driver's trail of the same load is not theirs to follow.
  const { points, hasMore } = await readPoints(
    shipmentId,
    query,
    [],
    null,
    access === "assigned-driver" ? viewer.id : null,
  );
  return { points, hasMore, etaAt: s.etaAt, lastPositionAt: s.lastPositionAt };
}

/**
 * The trail behind a public tracking link `token`, with the same rules as `getTracking` (tracking.get): no personal
 * data, the ETA only while the load is on the road (to the drop-off's public area: publicEta), positions only
 * from pick-up until delivery (before and after, the driver's whereabouts are not the recipient's business), and
 * none within STOP_PRIVACY_M of either stop (src/lib/stop-privacy.ts: the
 * trail would draw the street address the link hides).
 *
 * @throws AppError NOT_FOUND for a token never issued, a draft's token, or a link past `trackingTokenExpiresAt`.
 */
export async function listPositionsByToken(token: string, query: TPositionsQuery = {}): Promise<TPositionsPage> {
  const s = await db.shipment.findUnique({
    where: { trackingToken: token },
    select: {
      id: true,
      status: true,
      etaAt: true,
      lastPositionAt: true,
      trackingTokenExpiresAt: true,
      pickupLat: true,
      pickupLng: true,
      dropoffLat: true,
      dropoffLng: true,
      pickedUpAt: true,
      lastLat: true,
      lastLng: true,
    },
  });
  if (!s || s.status === "DRAFT" || (s.trackingTokenExpiresAt && s.trackingTokenExpiresAt <= new Date())) {
    throw new AppError("NOT_FOUND", "This tracking link is not valid or has expired.");
  }
  const enRoute = enRouteStatuses.includes(s.status);
  const dropoff = { lat: s.dropoffLat, lng: s.dropoffLng };
  const position = s.lastLat !== null && s.lastLng !== null ? { lat: s.lastLat, lng: s.lastLng } : null;
  const etaAt = enRoute ? publicEta({ etaAt: s.etaAt, at: s.lastPositionAt, position, dropoff }) : null;
  // Before pick-up the driver's position is their own business, not the load's.
  if (!enRoute || !s.pickedUpAt) return { points: [], hasMore: false, etaAt, lastPositionAt: null };
  const { points, hasMore } = await readPoints(
    s.id,
    query,
    [{ lat: s.pickupLat, lng: s.pickupLng }, dropoff],
    s.pickedUpAt,
  );
  return { points, hasMore, etaAt, lastPositionAt: s.lastPositionAt };
}
