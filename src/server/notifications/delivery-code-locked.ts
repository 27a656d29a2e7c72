// What the shipper is told when the driver is locked out of the delivery code (issue 11 §4, lifecycle.ts
// spendCodeAttempt): a DELIVERY_CODE_LOCKED notification, time-critical (SMS on by default, catalogue.ts), keyed on
// the lock's ShipmentEvent so a replayed event tells nobody twice and a lock after an admin's unlock is news again.
import { db } from "~/server/db";
import { MAX_DELIVERY_CODE_ATTEMPTS } from "~/server/services/shipments/secrets";
import type { TNotifyData } from "./notify";

/**
 * The notice for the lock recorded by ShipmentEvent `shipmentEventId` on `shipmentId`: `{ userId: the shipper,
 * data }` for notify() with type DELIVERY_CODE_LOCKED, key `delivery-code-locked:<shipmentEventId>`. Null when the
 * shipment or that DELIVERY_CODE_LOCKED event no longer exists.
 */
export async function deliveryCodeLockedNotice(opts: {
  shipmentId: string;
  shipmentEventId: string;
}): Promise<{ userId: string; data: TNotifyData } | null> {
  const event = await db.shipmentEvent.findFirst({
    where: { id: opts.shipmentEventId, shipmentId: opts.shipmentId, type: "DELIVERY_CODE_LOCKED" },
    select: { id: true, shipment: { select: { id: true, reference: true, shipperId: true } } },
  });
  if (!event) return null;
  const s = event.shipment;
  return {
    userId: s.shipperId,
    data: {
      title: `Delivery code locked for ${s.reference}`,
      body: `The driver entered a wrong delivery code ${MAX_DELIVERY_CODE_ATTEMPTS} times. Contact the driver and recipient.`,
      shipmentId: s.id,
      dedupeKey: `delivery-code-locked:${event.id}`,
      data: { shipmentId: s.id },
    },
  };
}
