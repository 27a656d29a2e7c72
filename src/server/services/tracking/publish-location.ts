// `location` events: at most one per shipment and second, whichever app instance ingests the pings. The throttle
// lives in the shipment row (locationPublishedAt), not in process memory, so N instances still publish once.
import { Prisma } from "~/generated/prisma/client";
import type { TLatLng } from "~/lib/geo";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { enRouteStatuses } from "~/lib/shipment-state";
import { nearAStop, publicEta } from "~/lib/stop-privacy";
import { OPS_CHANNEL, REALTIME_EVENTS, shipmentChannel, trackingChannel, type TLocationEvent } from "~/lib/realtime";
import { db } from "~/server/db";
import { publish } from "~/server/realtime/publish";

/** Shortest time between two `location` events of one shipment (DESIGN.md "Real time": throttled per shipment). */
export const LOCATION_PUBLISH_INTERVAL_MS = 1_000;

/** A stored fix as the event carries it: degrees, UTC instant, km/h, degrees clockwise from north. */
export type TNewestFix = {
  lat: number;
  lng: number;
  recordedAt: Date;
  speedKmh: number | null;
  headingDeg: number | null;
};

/**
 * The SQL condition, on a "Shipment" row, that its publish slot is free: no `location` event yet, or the last one
 * LOCATION_PUBLISH_INTERVAL_MS or more ago by the database clock. For an UPDATE that claims the slot by setting
 * "locationPublishedAt" = now() under it (claimLocationSlot, and the ingest's ETA read, which claims in passing).
 */
export const LOCATION_SLOT_FREE = Prisma.sql`("locationPublishedAt" IS NULL
  OR "locationPublishedAt" <= now() - make_interval(secs => ${LOCATION_PUBLISH_INTERVAL_MS / 1000}::float8))`;

/**
 * Claims the shipment's publish slot: true for exactly one caller per LOCATION_PUBLISH_INTERVAL_MS, across every
 * instance. One conditional UPDATE; a concurrent claimer waits on the row lock, then re-reads the row (READ
 * COMMITTED) and finds the slot taken. Times come from the database clock.
 */
export async function claimLocationSlot(shipmentId: string): Promise<boolean> {
  const won = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Shipment" SET "locationPublishedAt" = now()
    WHERE "id" = ${shipmentId} AND ${LOCATION_SLOT_FREE}
    RETURNING "id"`;
  return won.length > 0;
}

/**
 * `driverId`: the driver whose fix it is, assigned to the shipment (names its channel, see shipmentChannel).
 * `status`: the shipment's; the public tracking channel hears fixes only while the load is on the road.
 * `pickup`/`dropoff`: the stops; a fix close to one is not published on the public channel (stop-privacy), and
 * the public event's ETA is to the drop-off's public area (publicEta).
 */
type TLocationPublish = {
  shipmentId: string;
  driverId: string;
  trackingToken: string;
  status: ShipmentStatus;
  pickup: TLatLng;
  dropoff: TLatLng;
  fix: TNewestFix;
  etaAt: Date | null;
};

/**
 * Publishes TLocationEvent (`fix` + `etaAt`) on the shipment's channel and (see TLocationPublish) its tracking
 * link's channel when this
 * caller wins the slot (claimLocationSlot); call it after the fix is committed. Resolves true when published, false
 * when throttled or when Pusher did not take it (logged by publish(); never throws for that). A fix skipped by the
 * throttle reaches viewers with the next event's catch-up or their next `since` read.
 */
export async function publishLocation(opts: TLocationPublish): Promise<boolean> {
  if (!(await claimLocationSlot(opts.shipmentId))) return false;
  return publishClaimedLocation(opts);
}

/**
 * Publishes TLocationEvent as publishLocation does, for a caller that has already won the slot itself (an UPDATE
 * setting "locationPublishedAt" = now() under LOCATION_SLOT_FREE that returned the row); never call it otherwise,
 * as that would break the once-a-second rule. Resolves true when Pusher took it, false when not (logged).
 */
export async function publishClaimedLocation(opts: TLocationPublish): Promise<boolean> {
  const event: TLocationEvent = {
    shipmentId: opts.shipmentId,
    lat: opts.fix.lat,
    lng: opts.fix.lng,
    recordedAt: opts.fix.recordedAt.toISOString(),
    speedKmh: opts.fix.speedKmh,
    headingDeg: opts.fix.headingDeg,
    etaAt: opts.etaAt?.toISOString() ?? null,
  };
  // The parties, and the admins' live ops map (OPS_CHANNEL).
  const parties = publish(
    [shipmentChannel(opts.shipmentId, opts.driverId), OPS_CHANNEL],
    REALTIME_EVENTS.location,
    event,
  );
  const isPublic = enRouteStatuses.includes(opts.status) && !nearAStop(opts.fix, [opts.pickup, opts.dropoff]);
  if (!isPublic) return parties;
  const etaAt = publicEta({ etaAt: opts.etaAt, at: opts.fix.recordedAt, position: opts.fix, dropoff: opts.dropoff });
  const onLink = publish(trackingChannel(opts.trackingToken), REALTIME_EVENTS.location, {
    ...event,
    etaAt: etaAt?.toISOString() ?? null,
  } satisfies TLocationEvent);
  const [a, b] = await Promise.all([parties, onLink]);
  return a && b;
}
