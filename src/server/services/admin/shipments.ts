// Operations for admins: the overview numbers, every shipment with filters, and the audited interventions.
import type { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { activeStatuses, shipmentStatuses } from "~/lib/shipment-state";
import { canCarry, vehiclesThatCanCarry } from "~/lib/vehicles";
import { db } from "~/server/db";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { writeAudit } from "~/server/services/audit";
import { oweRefundInTx } from "~/server/services/payments/owe-refund";
import { type TKeysetFind, twoWayKeysetPage } from "~/server/services/keyset";
import { notFound } from "~/server/services/shipments/access";
import { escapeLike } from "~/server/services/search";
import { shipmentSearchWhere } from "~/server/services/shipments/list-shipper-shipments";
import { applyTransition } from "~/server/services/shipments/transition";

export async function operationsOverview() {
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const [byStatus, postedToday, deliveredToday, activeDrivers] = await Promise.all([
    db.shipment.groupBy({ by: ["status"], _count: { _all: true } }),
    db.shipment.count({ where: { postedAt: { gte: startOfDay } } }),
    db.shipment.count({ where: { deliveredAt: { gte: startOfDay } } }),
    db.shipment.findMany({
      where: { status: { in: [...activeStatuses] }, driverId: { not: null } },
      distinct: ["driverId"],
      select: { driverId: true },
    }),
  ]);
  const counts = Object.fromEntries(shipmentStatuses.map((s) => [s, 0])) as Record<ShipmentStatus, number>;
  for (const row of byStatus) counts[row.status] = row._count._all;
  return { counts, postedToday, deliveredToday, activeDrivers: activeDrivers.length };
}

/**
 * Every shipment for operations, newest created first, filtered by `status` and `search` (a reference or a pick-up
 * or drop-off city, case-insensitive, the shipper's search). Paged by cursor on (createdAt desc, id desc), not by
 * offset, so shipments created while an admin pages through never push a row from one page onto the next: see
 * `twoWayKeysetPage` for `after`/`before`, `offset`, `previousCursor` and `nextCursor`. `total` counts every match.
 *
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
export async function listAllShipments(opts: {
  status?: ShipmentStatus;
  search?: string;
  after?: string | null;
  before?: string | null;
  pageSize: number;
}) {
  const filters: Prisma.ShipmentWhereInput = {
    ...(opts.status ? { status: opts.status } : {}),
    ...shipmentSearchWhere(opts.search),
  };
  const [total, page] = await Promise.all([
    db.shipment.count({ where: filters }),
    twoWayKeysetPage({
      page: { after: opts.after, before: opts.before, limit: opts.pageSize },
      field: "createdAt",
      at: (row) => row.createdAt,
      countNewer: (where) => db.shipment.count({ where: { AND: [filters, where] } }),
      find: ({ where, direction, take }: TKeysetFind) =>
        db.shipment.findMany({
          where: { AND: [filters, where] },
          orderBy: [{ createdAt: direction }, { id: direction }],
          take,
          select: {
            id: true,
            reference: true,
            status: true,
            pickupCity: true,
            dropoffCity: true,
            priceCents: true,
            createdAt: true,
            shipper: { select: { name: true } },
            driver: { select: { name: true } },
          },
        }),
    }),
  ]);
  return { ...page, total };
}

/**
 * An admin cancels any shipment that may still be cancelled, with `reason`, audited. Publishes the new status.
 * Throws AppError NOT_FOUND or CONFLICT.
 */
export async function forceCancel(opts: { adminId: string; id: string; reason: string; ip: string }) {
  const cancelled = await transactionWithEvents(async (tx, emit) => {
    const s = await tx.shipment.findUnique({
      where: { id: opts.id },
      select: { id: true, status: true, driverId: true },
    });
    if (!s) throw notFound();
    // Cancelled by us, not by the shipper: whatever they paid comes back in full.
    await oweRefundInTx(tx, emit, { shipmentId: s.id, feeCents: 0 });
    const status = await applyTransition(tx, {
      emit,
      shipment: s,
      action: "forceCancel",
      actor: "ADMIN",
      actorId: opts.adminId,
      data: { cancelReason: opts.reason },
      note: opts.reason,
    });
    await writeAudit(tx, {
      actorId: opts.adminId,
      action: "shipment.force_cancelled",
      entityType: "Shipment",
      entityId: s.id,
      data: { from: s.status, reason: opts.reason },
      ip: opts.ip,
    });
    return status;
  });
  await publishShipmentChanged(opts.id);
  return cancelled;
}

/**
 * An admin gives a POSTED or ASSIGNED load to `driverId` (active, vehicle and capacity fit), audited. Publishes the
 * change after commit: the driver it was taken from sees it on their open job page. Throws AppError NOT_FOUND,
 * BAD_REQUEST (field `driverId`) or CONFLICT.
 */
export async function reassign(opts: { adminId: string; id: string; driverId: string; reason: string; ip: string }) {
  const reassigned = await transactionWithEvents(async (tx, emit) => {
    const [s, driver] = await Promise.all([
      tx.shipment.findUnique({
        where: { id: opts.id },
        select: { id: true, status: true, driverId: true, requiredVehicleType: true, weightKg: true },
      }),
      tx.user.findUnique({
        where: { id: opts.driverId },
        select: { role: true, disabledAt: true, driverProfile: { select: { vehicleType: true, capacityKg: true } } },
      }),
    ]);
    if (!s) throw notFound();
    if (!driver || driver.role !== "DRIVER" || !driver.driverProfile || driver.disabledAt) {
      throw new AppError("BAD_REQUEST", "Choose an active driver.", {
        fieldErrors: { driverId: ["Choose an active driver."] },
      });
    }
    if (s.driverId === opts.driverId) throw new AppError("BAD_REQUEST", "That driver already has this shipment.");
    const p = driver.driverProfile;
    if (!canCarry(p.vehicleType, s.requiredVehicleType) || s.weightKg > p.capacityKg) {
      throw new AppError("BAD_REQUEST", "That driver's vehicle does not fit this load.", {
        fieldErrors: { driverId: ["That driver's vehicle does not fit this load."] },
      });
    }
    const status = await applyTransition(tx, {
      emit,
      shipment: s,
      action: "reassign",
      actor: "ADMIN",
      actorId: opts.adminId,
      // The last position and ETA were the former driver's; the new one's first fix sets them again.
      data: { driverId: opts.driverId, lastLat: null, lastLng: null, lastPositionAt: null, etaAt: null },
      note: opts.reason,
      eventData: { fromDriverId: s.driverId, toDriverId: opts.driverId },
    });
    await writeAudit(tx, {
      actorId: opts.adminId,
      action: "shipment.reassigned",
      entityType: "Shipment",
      entityId: s.id,
      targetUserId: opts.driverId,
      data: { fromDriverId: s.driverId, toDriverId: opts.driverId, reason: opts.reason },
      ip: opts.ip,
    });
    return { status, formerDriverId: s.driverId };
  });
  await publishShipmentChanged(opts.id, { formerDriverId: reassigned.formerDriverId });
  return reassigned.status;
}

const DRIVER_CHOICES = 50;

/**
 * Drivers who could take this load (active, vehicle and capacity fit, not its current driver), by name, narrowed
 * by a name or email search; `more` says there are further matches to search for.
 */
export async function listDriversForAssignment(opts: { shipmentId: string; search?: string }) {
  const load = await db.shipment.findUnique({
    where: { id: opts.shipmentId },
    select: { requiredVehicleType: true, weightKg: true, driverId: true },
  });
  if (!load) throw notFound();
  const rows = await db.user.findMany({
    where: {
      role: "DRIVER",
      disabledAt: null,
      ...(load.driverId ? { id: { not: load.driverId } } : {}),
      driverProfile: {
        is: {
          vehicleType: { in: [...vehiclesThatCanCarry[load.requiredVehicleType]] },
          capacityKg: { gte: load.weightKg },
        },
      },
      ...(opts.search
        ? {
            OR: [
              { name: { contains: escapeLike(opts.search), mode: "insensitive" } },
              { email: { contains: escapeLike(opts.search), mode: "insensitive" } },
            ],
          }
        : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: DRIVER_CHOICES + 1,
    select: { id: true, name: true, driverProfile: { select: { vehicleType: true, capacityKg: true } } },
  });
  return { drivers: rows.slice(0, DRIVER_CHOICES), more: rows.length > DRIVER_CHOICES };
}
