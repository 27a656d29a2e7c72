// What the shipper and the driver are told when operations intervene on their shipment (issue 14 §1): one notice
// each, worded from the audit row the intervention wrote (src/server/services/admin/interventions.ts), with the
// admin's reason. Keyed on the audit row and the person, so a retried function never tells anyone twice.
import type { TNotifyData } from "./notify";
import { db } from "~/server/db";

type TWording = { title: (ref: string) => string; shipper: string; driver: string };

const wording: Record<string, TWording> = {
  "shipment.delivery_code_unlocked": {
    title: (ref) => `Delivery code unlocked for ${ref}`,
    shipper: "Operations unlocked the delivery code: the driver can enter it again.",
    driver: "Operations unlocked the delivery code: you can enter it again.",
  },
  "shipment.delivery_code_reissued": {
    title: (ref) => `New delivery code for ${ref}`,
    // The code itself is not in the notice (notices are stored and emailed; the code is stored nowhere): the shipper
    // reads it on the shipment page and passes it on, as with the first code.
    shipper:
      "Operations issued a new delivery code; the old one no longer works. Open the shipment page to see the new code and give it to the recipient: the driver needs it from them at the drop-off.",
    driver:
      "Operations issued a new delivery code; the old one no longer works. The shipper is giving the new one to the recipient: ask the recipient for it at the drop-off.",
  },
  "shipment.marked_picked_up": {
    title: (ref) => `${ref} marked picked up by operations`,
    shipper: "Operations marked the load picked up on the driver's behalf.",
    driver: "Operations marked the load picked up on your behalf.",
  },
  "shipment.marked_delivered": {
    title: (ref) => `${ref} marked delivered by operations`,
    shipper: "Operations marked the load delivered on the driver's behalf.",
    driver: "Operations marked the load delivered on your behalf.",
  },
  "shipment.held": {
    title: (ref) => `${ref} is on hold`,
    shipper: "Operations put this shipment on hold; the driver waits until it is released.",
    driver: "Operations put this shipment on hold: wait before the next step until it is released.",
  },
  "shipment.hold_released": {
    title: (ref) => `${ref} is no longer on hold`,
    shipper: "Operations released the hold; the driver goes on.",
    driver: "Operations released the hold: you can go on.",
  },
  "shipment.pickup_window_extended": {
    title: (ref) => `Pick-up window extended for ${ref}`,
    shipper: "Operations extended the pick-up window.",
    driver: "Operations extended the pick-up window.",
  },
};

/**
 * The notices for the intervention recorded by AuditLog `auditLogId`: the shipper and the shipment's driver now (if
 * any), each `{ userId, data }` for notify() with type SHIPMENT_STATUS. Empty for an unknown row or action.
 */
export async function interventionNotices(auditLogId: string): Promise<{ userId: string; data: TNotifyData }[]> {
  const audit = await db.auditLog.findUnique({
    where: { id: auditLogId },
    select: { id: true, action: true, entityId: true, data: true },
  });
  const words = audit ? wording[audit.action] : undefined;
  if (!audit || !words) return [];
  const s = await db.shipment.findUnique({
    where: { id: audit.entityId },
    select: { id: true, reference: true, shipperId: true, driverId: true },
  });
  if (!s) return [];
  const data = (audit.data ?? {}) as { reason?: unknown; toText?: unknown };
  const reason = typeof data.reason === "string" ? ` Reason: ${data.reason}` : "";
  const extended = typeof data.toText === "string" ? ` It now ends ${data.toText}.` : "";
  const notice = (userId: string, body: string) => ({
    userId,
    data: {
      title: words.title(s.reference),
      body: `${body}${extended}${reason}`,
      shipmentId: s.id,
      dedupeKey: `intervention:${audit.id}:${userId}`,
      data: { action: audit.action },
    },
  });
  return [notice(s.shipperId, words.shipper), ...(s.driverId ? [notice(s.driverId, words.driver)] : [])];
}
