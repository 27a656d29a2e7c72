// What a status change tells whom: the shipper and the driver (the one it has, and the one it had when a release,
// reassignment or cancellation took it away), never the person who made the change; and the recipient, who may have
// no account, by email (and by SMS, recipient-sms.ts) at pick-up (the tracking link) and at delivery.
import { env } from "~/env";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { sendEmail } from "~/server/services/email/send-email";
import { renderNotificationEmail } from "./senders/email";
import type { TNotifyData } from "./notify";

export type TStatusChange = {
  eventId: string;
  shipmentId: string;
  from: ShipmentStatus;
  to: ShipmentStatus;
  actorId: string | null;
  formerDriverId: string | null;
};

type TShipment = { reference: string; pickupCity: string; dropoffCity: string };

/** The line each party reads for a change to `to`, or null when the change is not news to them. */
function lineFor(change: TStatusChange, party: "shipper" | "driver" | "former-driver", s: TShipment): string | null {
  const lane = `${s.pickupCity} → ${s.dropoffCity}`;
  if (party === "former-driver") {
    if (change.to === "CANCELLED") return `The load ${lane} was cancelled. You do not need to collect it.`;
    return `The load ${lane} is no longer assigned to you.`;
  }
  if (party === "driver") {
    switch (change.to) {
      case "ASSIGNED":
        return `You have been assigned the load ${lane}.`;
      case "COMPLETED":
        return `The shipper confirmed the delivery of ${lane}. Your payout is on its way.`;
      case "CANCELLED":
        return `The load ${lane} was cancelled. You do not need to collect it.`;
      default:
        return null;
    }
  }
  switch (change.to) {
    case "ASSIGNED":
      return `A driver accepted your load ${lane}.`;
    case "POSTED":
      return change.from === "DRAFT" ? null : `The driver released your load ${lane}; it is back on the load board.`;
    case "PICKED_UP":
      return `Your load ${lane} was picked up.`;
    case "IN_TRANSIT":
      return `Your load ${lane} is on its way.`;
    case "DELIVERED":
      return `Your load ${lane} was delivered. Confirm the delivery to complete it.`;
    case "COMPLETED":
      return `Your load ${lane} is complete.`;
    case "CANCELLED":
      return `Your load ${lane} was cancelled.`;
    default:
      return null;
  }
}

const statusWord: Record<ShipmentStatus, string> = {
  DRAFT: "is a draft",
  POSTED: "is on the load board",
  ASSIGNED: "was accepted",
  PICKED_UP: "was picked up",
  IN_TRANSIT: "is on its way",
  DELIVERED: "was delivered",
  COMPLETED: "is complete",
  CANCELLED: "was cancelled",
};

/**
 * The account holders a change notifies and what each is told: `{ userId, data }` for `notify(userId,
 * "SHIPMENT_STATUS", data)`, keyed `status:<eventId>:<userId>` so a repeated event notifies nobody twice. Reads the
 * shipment as it is now (its current driver); empty when it no longer exists.
 */
export async function statusChangeNotices(change: TStatusChange): Promise<{ userId: string; data: TNotifyData }[]> {
  const s = await db.shipment.findUnique({
    where: { id: change.shipmentId },
    select: { reference: true, pickupCity: true, dropoffCity: true, shipperId: true, driverId: true },
  });
  if (!s) return [];
  const parties: { userId: string; party: "shipper" | "driver" | "former-driver" }[] = [
    { userId: s.shipperId, party: "shipper" },
  ];
  if (s.driverId) parties.push({ userId: s.driverId, party: "driver" });
  if (change.formerDriverId && change.formerDriverId !== s.driverId) {
    parties.push({ userId: change.formerDriverId, party: "former-driver" });
  }
  return parties.flatMap(({ userId, party }) => {
    if (userId === change.actorId) return [];
    const body = lineFor(change, party, s);
    if (!body) return [];
    const data: TNotifyData = {
      title: `${s.reference} ${party === "former-driver" ? "is no longer yours" : statusWord[change.to]}`,
      body,
      // A former driver may no longer open the shipment: their notification links to the list instead.
      shipmentId: party === "former-driver" ? null : change.shipmentId,
      dedupeKey: `status:${change.eventId}:${userId}`,
      data: { shipmentId: change.shipmentId, from: change.from, to: change.to },
    };
    return [{ userId, data }];
  });
}

/** The recipient notices (email and SMS) a status sends: the tracking link at pick-up, and delivery. */
export const recipientNotices: Partial<Record<ShipmentStatus, "picked-up" | "delivered">> = {
  PICKED_UP: "picked-up",
  DELIVERED: "delivered",
};

export type TRecipientNotice = "picked-up" | "arriving" | "delivered";

/**
 * Emails the shipment's recipient (who may have no account) for a change to PICKED_UP (the tracking link) or
 * DELIVERED. At most once per shipment and kind: the state machine reaches each of those statuses once, Inngest
 * drops a repeated event id, and Resend gets the key `recipient/<shipmentId>/<kind>`. Resolves to the Resend id, or
 * null when there is nothing to send (another status, no recipient email, shipment gone). Throws when Resend refuses
 * (the step retries).
 */
export async function emailRecipient(change: TStatusChange): Promise<string | null> {
  const kind = recipientNotices[change.to];
  return kind ? emailRecipientNotice(change.shipmentId, kind) : null;
}

/**
 * Emails the recipient of `shipmentId` the `kind` notice under the Resend idempotency key
 * `recipient/<shipmentId>/<kind>`. Resolves to the Resend id, or null when there is no recipient email. Throws when
 * Resend refuses (the step retries).
 */
export async function emailRecipientNotice(shipmentId: string, kind: TRecipientNotice): Promise<string | null> {
  const s = await db.shipment.findUnique({
    where: { id: shipmentId },
    select: {
      reference: true,
      recipientName: true,
      recipientEmail: true,
      trackingToken: true,
      dropoffCity: true,
      shipper: { select: { name: true } },
    },
  });
  if (!s?.recipientEmail) return null;
  const trackUrl = `${env.APP_URL}/track/${s.trackingToken}`;
  const content =
    kind === "picked-up"
      ? {
          title: `Your delivery ${s.reference} is on its way`,
          body: `Hello ${s.recipientName}, ${s.shipper.name} is sending you a delivery to ${s.dropoffCity}. It has just been picked up. Follow it live on the map.`,
          actionLabel: "Track your delivery",
        }
      : kind === "arriving"
        ? {
            title: `Your delivery ${s.reference} arrives soon`,
            body: `Hello ${s.recipientName}, your delivery from ${s.shipper.name} is less than 15 minutes away.`,
            actionLabel: "Track your delivery",
          }
        : {
            title: `Your delivery ${s.reference} has arrived`,
            body: `Hello ${s.recipientName}, your delivery from ${s.shipper.name} was delivered.`,
            actionLabel: "See the delivery",
          };
  const { html, text } = await renderNotificationEmail({
    ...content,
    actionUrl: trackUrl,
    footer: `You get this email because ${s.shipper.name} named you as the recipient of ${s.reference}. We send at most three emails about it.`,
  });
  const { id } = await sendEmail({
    to: s.recipientEmail,
    subject: content.title,
    html,
    text,
    idempotencyKey: `recipient/${shipmentId}/${kind}`,
  });
  return id;
}
