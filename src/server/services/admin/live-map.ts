// The live operations map's data (issue 14 §1): every active shipment where its driver last was, and every online
// driver, read from the live columns (Shipment.last*, DriverProfile.last*). Updates arrive over the admin-wide
// Pusher channel (src/lib/realtime.ts opsChannel); a page reload or reconnect reads this again.
import type { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { activeStatuses } from "~/lib/shipment-state";
import { db } from "~/server/db";

/** The statuses the map shows (a load with a driver on it). */
export const liveMapStatuses = ["ASSIGNED", "PICKED_UP", "IN_TRANSIT"] as const satisfies readonly ShipmentStatus[];
export const liveMapLateness = ["all", "late", "onTime"] as const;

/** At most this many shipments and drivers are drawn (the map clusters them); `truncated` says when more exist. */
export const LIVE_MAP_LIMIT = 2000;

/**
 * Whether a shipment is late: its ETA is past the drop-off window's end or it is still under way after that end, or
 * it is still ASSIGNED after its pick-up window ended (the same conditions as the exceptions queue's ETA_LATE and PICKUP_MISSED).
 */
function lateWhere(now: Date): Prisma.ShipmentWhereInput {
  return {
    OR: [
      { status: { in: ["PICKED_UP", "IN_TRANSIT"] }, etaAt: { gt: db.shipment.fields.dropoffWindowEnd } },
      // Still under way after the drop-off window closed: late, whatever a stale ETA says.
      { status: { in: ["PICKED_UP", "IN_TRANSIT"] }, dropoffWindowEnd: { lt: now } },
      { status: "ASSIGNED", pickupWindowEnd: { lt: now } },
    ],
  };
}

/**
 * Active shipments (optionally one `status`; `lateness` "late" / "onTime" / "all") with their last position
 * (`lat`/`lng` WGS84 degrees, `positionAt` UTC; null before the first fix), ETA, drop-off window end, `late` and
 * `held`; and every online driver with a known position. Newest first, at most LIVE_MAP_LIMIT of each.
 */
export async function liveOpsMap(opts: { status?: (typeof liveMapStatuses)[number]; lateness: string }) {
  const now = new Date();
  const late = lateWhere(now);
  const where: Prisma.ShipmentWhereInput = {
    AND: [
      { status: opts.status ? opts.status : { in: [...activeStatuses] } },
      opts.lateness === "late" ? late : opts.lateness === "onTime" ? { NOT: late } : {},
    ],
  };
  const [shipments, lateIds, drivers] = await Promise.all([
    db.shipment.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      take: LIVE_MAP_LIMIT + 1,
      select: {
        id: true,
        reference: true,
        status: true,
        pickupCity: true,
        dropoffCity: true,
        pickupLat: true,
        pickupLng: true,
        lastLat: true,
        lastLng: true,
        lastPositionAt: true,
        etaAt: true,
        dropoffWindowEnd: true,
        heldAt: true,
        driver: { select: { id: true, name: true } },
      },
    }),
    db.shipment.findMany({ where: { AND: [where, late] }, select: { id: true }, take: LIVE_MAP_LIMIT + 1 }),
    db.driverProfile.findMany({
      where: { online: true, lastLat: { not: null }, lastLng: { not: null }, user: { disabledAt: null } },
      orderBy: [{ lastPositionAt: "desc" }, { userId: "asc" }],
      take: LIVE_MAP_LIMIT,
      select: {
        userId: true,
        lastLat: true,
        lastLng: true,
        lastPositionAt: true,
        vehicleType: true,
        user: { select: { name: true } },
      },
    }),
  ]);
  const lateSet = new Set(lateIds.map((s) => s.id));
  return {
    shipments: shipments.slice(0, LIVE_MAP_LIMIT).map((s) => ({
      id: s.id,
      reference: s.reference,
      status: s.status,
      route: `${s.pickupCity} → ${s.dropoffCity}`,
      lat: s.lastLat,
      lng: s.lastLng,
      positionAt: s.lastPositionAt,
      etaAt: s.etaAt,
      dropoffWindowEnd: s.dropoffWindowEnd,
      late: lateSet.has(s.id),
      held: !!s.heldAt,
      driverName: s.driver?.name ?? null,
    })),
    drivers: drivers.map((d) => ({
      id: d.userId,
      name: d.user.name,
      vehicleType: d.vehicleType,
      lat: d.lastLat as number,
      lng: d.lastLng as number,
      positionAt: d.lastPositionAt,
    })),
    truncated: shipments.length > LIVE_MAP_LIMIT,
    at: now,
  };
}
