// "This shipment changed": the one status broadcast every service calls after its transaction commits (DESIGN.md
// "Real time"). It reads the row as it is now, so the event never names a status the database no longer holds.
import { REALTIME_EVENTS, shipmentChannel, trackingChannel, type TStatusEvent } from "~/lib/realtime";
import { db } from "~/server/db";
import { publish } from "./publish";

/**
 * Publishes one `status` event (TStatusEvent: `shipmentId`, `status`, `version`, `at` = the row's `updatedAt` as an
 * ISO-8601 UTC string) on `shipmentChannel(id)` and, once the shipment is out of DRAFT, on
 * `trackingChannel(trackingToken)`. Call it after the commit of every change a viewer can see: each status
 * transition and each edit of the details (an edit publishes the same status with the new `version`; clients compare
 * versions, never statuses). The state is read after commit, so of two racing changes both events carry the newest
 * version and clients refetch once.
 *
 * Resolves true when Pusher accepted the event; false when the shipment is gone, Pusher is not configured or
 * refused. Never throws: the change is committed and clients catch up through `shipment.changesSince` / a page
 * refresh on their next (re)subscription.
 */
export async function publishShipmentChanged(shipmentId: string): Promise<boolean> {
  let row: { status: TStatusEvent["status"]; version: number; trackingToken: string; updatedAt: Date } | null;
  try {
    row = await db.shipment.findUnique({
      where: { id: shipmentId },
      select: { status: true, version: true, trackingToken: true, updatedAt: true },
    });
  } catch (error) {
    console.warn(
      `realtime: reading shipment ${shipmentId} to publish its status failed:`,
      error instanceof Error ? error.message : error,
    );
    return false;
  }
  if (!row) return false;
  const event: TStatusEvent = {
    shipmentId,
    status: row.status,
    version: row.version,
    at: row.updatedAt.toISOString(),
  };
  // A draft has no public tracking page yet (the auth endpoint refuses its channel): nobody listens there.
  const channels =
    row.status === "DRAFT"
      ? [shipmentChannel(shipmentId)]
      : [shipmentChannel(shipmentId), trackingChannel(row.trackingToken)];
  return publish(channels, REALTIME_EVENTS.status, event);
}
