// "This shipment changed": the one status broadcast every service calls after its transaction commits (DESIGN.md
// "Real time"). It reads the row as it is now, so the event never names a status the database no longer holds.
import { OPS_CHANNEL, REALTIME_EVENTS, shipmentChannel, trackingChannel, type TStatusEvent } from "~/lib/realtime";
import { db } from "~/server/db";
import { publish } from "./publish";
import { logger } from "~/server/log/logger";

/**
 * Publishes one `status` event (TStatusEvent: `shipmentId`, `status`, `version`, `at` = the row's `updatedAt` as an
 * ISO-8601 UTC string) on the shipment's channel for its current driver, on the channel of `formerDriverId` when the
 * change moved the shipment away from that driver (null = it had none: pass it on accept, release and reassign),
 * and, once the shipment is out of DRAFT, on `trackingChannel(trackingToken)`. Call it after the commit of every change a viewer can see: each status
 * transition and each edit of the details (an edit publishes the same status with the new `version`; clients compare
 * versions, never statuses). The state is read after commit, so of two racing changes both events carry the newest
 * version and clients refetch once.
 *
 * Resolves true when Pusher accepted the event; false when the shipment is gone, Pusher is not configured or
 * refused. Never throws: the change is committed and clients catch up through `shipment.changesSince` / a page
 * refresh on their next (re)subscription.
 */
export async function publishShipmentChanged(
  shipmentId: string,
  opts: { formerDriverId?: string | null } = {},
): Promise<boolean> {
  let row: {
    status: TStatusEvent["status"];
    version: number;
    trackingToken: string;
    updatedAt: Date;
    driverId: string | null;
  } | null;
  try {
    row = await db.shipment.findUnique({
      where: { id: shipmentId },
      select: { status: true, version: true, trackingToken: true, updatedAt: true, driverId: true },
    });
  } catch (error) {
    logger.warn(
      { module: "realtime", shipmentId, err: error },
      "realtime: reading a shipment to publish its status failed",
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
  const channels = [shipmentChannel(shipmentId, row.driverId)];
  // The pages still on the former assignment's channel learn of the change there, read the new channel name with
  // the shipment and move to it; nothing after this event is published on the former channel.
  if (opts.formerDriverId !== undefined && opts.formerDriverId !== row.driverId) {
    channels.push(shipmentChannel(shipmentId, opts.formerDriverId));
  }
  // A draft has no public tracking page yet (the auth endpoint refuses its channel): nobody listens there.
  if (row.status !== "DRAFT") channels.push(trackingChannel(row.trackingToken));
  // The admins' live ops map hears every change (issue 14 §1).
  channels.push(OPS_CHANNEL);
  return publish(channels, REALTIME_EVENTS.status, event);
}
