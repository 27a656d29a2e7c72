// Catch-up for an open shipment page (DESIGN.md "Real time"): Pusher keeps no history, so after a (re)subscription
// or a `status` event the page asks whether the shipment moved past the version it shows, and only then reads it.
import { db } from "~/server/db";
import { accessFor, notFound, type TViewer } from "./access";
import { getShipment } from "./get-shipment";

/**
 * Whether shipment `id` changed since the page's `sinceVersion` (the `version` of its `shipment.get` copy; every
 * transition and edit increments it). `{ changed: false, version }` costs one indexed read; otherwise
 * `{ changed: true, shipment }` with the shipment exactly as `getShipment` shows it to `viewer` (same access rules,
 * same shape as `shipment.get`), ready to replace the page's cached copy.
 *
 * @throws AppError NOT_FOUND when there is no such shipment or `viewer` may no longer see it (a released or
 * reassigned driver), the same answer for both.
 */
export async function getShipmentChangesSince(viewer: TViewer, id: string, sinceVersion: number) {
  const row = await db.shipment.findUnique({
    where: { id },
    select: { version: true, status: true, shipperId: true, driverId: true },
  });
  if (!row || accessFor(viewer, row) === "none") throw notFound();
  if (row.version === sinceVersion) return { changed: false as const, version: row.version };
  return { changed: true as const, shipment: await getShipment(viewer, id) };
}
