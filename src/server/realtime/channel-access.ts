// Who may subscribe to which private channel (DESIGN.md "Real time", "Security"). Decided from the session on the
// server, never from a header or a parameter the browser controls.

import { NO_DRIVER_KEY, parseChannel } from "~/lib/realtime";
import type { TActiveSession } from "~/server/auth/session";
import { db } from "~/server/db";
import { accessFor } from "~/server/services/shipments/access";

/**
 * True when `session` (null = signed out) may subscribe to `channelName`:
 * - `private-shipment-{id}.{driverKey}`: the shipment's shipper, its assigned driver, and admins, and only while
 *   `driverKey` names the driver assigned now (`open` when none): the channel of an earlier assignment is refused to
 *   everyone, so a released or reassigned driver cannot subscribe again (see shipmentChannel);
 * - `private-user-{id}`: that user only;
 * - `private-ops` (OPS_CHANNEL): admins only (the live ops map).
 * Anything else (presence or unknown channels, and public ones, which need no authorisation: the tracking link's
 * `track-{token}`) is refused. Never throws for bad input.
 */
export async function maySubscribe(session: TActiveSession | null, channelName: string): Promise<boolean> {
  const ref = parseChannel(channelName);
  if (!ref) return false;
  if (ref.kind === "user") return session?.user.id === ref.userId;
  if (ref.kind === "ops") return session?.user.role === "ADMIN";
  if (!session) return false;
  const s = await db.shipment.findUnique({
    where: { id: ref.shipmentId },
    select: { shipperId: true, driverId: true, status: true },
  });
  if (!s) return false;
  if (ref.driverKey !== (s.driverId ?? NO_DRIVER_KEY)) return false;
  const access = accessFor({ id: session.user.id, role: session.user.role }, s);
  return access === "owner" || access === "assigned-driver" || access === "admin";
}
