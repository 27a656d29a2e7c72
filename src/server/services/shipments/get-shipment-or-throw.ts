// The one way a service loads a shipment for a person: it exists AND this viewer may see it, or NOT_FOUND. Both
// cases answer the same, so nobody can probe whether another party's shipment id or reference exists (never a 403).
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db";
import { accessFor, notFound, type TAccess, type TViewer } from "./access";

/** The relations every view of one shipment shows: the people on it and its status history (oldest first). */
const shipmentInclude = {
  driver: {
    select: {
      id: true,
      name: true,
      phone: true,
      driverProfile: { select: { vehicleType: true, plate: true, ratingAvg: true, ratingCount: true } },
    },
  },
  shipper: { select: { id: true, name: true, phone: true } },
  events: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      type: true,
      fromStatus: true,
      toStatus: true,
      note: true,
      data: true,
      createdAt: true,
      actor: { select: { name: true, role: true } },
    },
  },
} satisfies Prisma.ShipmentInclude;

export type TShipmentRow = Prisma.ShipmentGetPayload<{ include: typeof shipmentInclude }>;

/**
 * The shipment `id` with its people and events, and how `viewer` may see it (see `accessFor`: owner, assigned
 * driver, admin, or a driver looking at an open load).
 *
 * @throws AppError NOT_FOUND when there is no such shipment or the viewer may not see it (the same answer for both).
 */
export async function getShipmentOrThrow(
  viewer: TViewer,
  id: string,
): Promise<{ shipment: TShipmentRow; access: Exclude<TAccess, "none"> }> {
  const shipment = await db.shipment.findUnique({ where: { id }, include: shipmentInclude });
  if (!shipment) throw notFound();
  const access = accessFor(viewer, shipment);
  if (access === "none") throw notFound();
  return { shipment, access };
}
