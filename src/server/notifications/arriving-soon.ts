// "Arriving soon", once per shipment: when a fix puts a shipment in transit within 15 minutes (ETA) or 1 km of its
// drop-off, an outbox row with the fixed id `arriving-<shipmentId>` is written; a second fix finds the id taken and
// writes nothing, so however many fixes qualify, the recipient hears once (issue 11 §4).
import { distanceMetres } from "~/lib/geo";
import { db } from "~/server/db";
import { sendOutboxEvents } from "~/server/services/outbox/send-outbox-events";

/** The ETA under which the recipient is told, in ms. */
export const ARRIVING_ETA_MS = 15 * 60_000;
/** The distance to the drop-off under which the recipient is told, in metres. */
export const ARRIVING_DISTANCE_M = 1_000;

/**
 * Emits `shipment/arriving` for `shipmentId` the first time a fix qualifies: status IN_TRANSIT and `etaAt` under
 * 15 minutes from `now`, or `position` within 1 km of `dropoff` (degrees). Resolves true when this call emitted it.
 * Never throws for a shipment already announced.
 */
export async function announceArrivingOnce(opts: {
  shipmentId: string;
  status: string;
  etaAt: Date | null;
  position: { lat: number; lng: number };
  dropoff: { lat: number; lng: number };
  now?: Date;
}): Promise<boolean> {
  if (opts.status !== "IN_TRANSIT") return false;
  const now = opts.now ?? new Date();
  const soon = opts.etaAt !== null && opts.etaAt.getTime() - now.getTime() <= ARRIVING_ETA_MS;
  const near = distanceMetres(opts.position, opts.dropoff) <= ARRIVING_DISTANCE_M;
  if (!soon && !near) return false;
  const id = `arriving-${opts.shipmentId}`;
  const { count } = await db.outboxEvent.createMany({
    data: [{ id, name: "shipment/arriving", data: { shipmentId: opts.shipmentId } }],
    skipDuplicates: true,
  });
  if (count === 0) return false;
  await sendOutboxEvents([id]);
  return true;
}
