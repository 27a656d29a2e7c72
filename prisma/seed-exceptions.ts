// Demo rows for the admin's exceptions queue (issue 14 §1, "an exceptions queue fed by the seed"): one or more
// shipments, deliveries, payments, payouts and webhook events in each exceptional state the queue knows
// (src/server/services/admin/exceptions.ts). Ids are fixed, so a re-seed finds its rows and adds nothing; times are
// relative to the seed run (a window missed two hours ago), as a queue's rows are.
import { createHash } from "node:crypto";

import type { PrismaClient } from "~/generated/prisma/client";
import type { ShipmentStatus, VehicleType } from "~/generated/prisma/enums";
import { newShipmentReference } from "~/lib/reference";
import type { TCityKey } from "./cities";
import { createPingTrail, createShipment } from "./factories";

const MIN = 60_000;
const HOUR = 3600_000;

/** A fixed id in the app's shape (`s` + 24 hex, like newShipmentId) for the seed row named `key`. */
function seedId(key: string): string {
  return `s${createHash("sha256").update(`seed-exception:${key}`).digest("hex").slice(0, 24)}`;
}

/** A fixed shipment reference (TT-XXXXXX) for `key`, drawn from the same alphabet as every reference. */
function seedReference(key: string): string {
  const bytes = createHash("sha256").update(`seed-reference:${key}`).digest();
  let i = 0;
  return newShipmentReference((n) => bytes[i++]! % n);
}

type TExceptionalLoad = {
  key: string;
  status: ShipmentStatus;
  shipper: string;
  driver?: string;
  from: TCityKey;
  to: TCityKey;
  vehicleType: VehicleType;
  weightKg: number;
  cargo: string;
  /** Minutes before the seed run of the shipment's latest step (its pick-up window opens 24 h after). */
  minutesAgo: number;
  /** Position trail: how far along the lane, ending how many minutes before the seed run. */
  trail?: { fraction: number; endedMinutesAgo: number };
  /** Set after creation: the exceptional part (relative to now, in ms). */
  then?: (now: number) => Parameters<PrismaClient["shipment"]["update"]>[0]["data"];
};

/** The loads, one per shipment rule; `key` names the rule it feeds. */
const loads: TExceptionalLoad[] = [
  {
    // Five wrong codes at the dock: the driver cannot finish until an admin unlocks or re-issues the code.
    key: "code-locked",
    status: "IN_TRANSIT",
    shipper: "shipper@demo.test",
    driver: "driver4@demo.test",
    from: "detroit",
    to: "columbus",
    vehicleType: "REEFER",
    weightKg: 4_200,
    cargo: "Chilled dairy, 12 pallets",
    minutesAgo: 4 * 60,
    trail: { fraction: 0.97, endedMinutesAgo: 1 },
    then: (now) => ({
      pickupWindowStart: new Date(now - 6 * HOUR),
      pickupWindowEnd: new Date(now - 4 * HOUR),
      dropoffWindowStart: new Date(now - HOUR),
      dropoffWindowEnd: new Date(now + 2 * HOUR),
      etaAt: new Date(now + 2 * MIN),
      deliveryCodeAttempts: 5,
      deliveryCodeLockedAt: new Date(now - 20 * MIN),
    }),
  },
  {
    // Assigned yesterday; the pick-up window closed two hours ago with nobody at the dock.
    key: "pickup-missed",
    status: "ASSIGNED",
    shipper: "shipper2@demo.test",
    driver: "driver2@demo.test",
    from: "milwaukee",
    to: "chicago",
    vehicleType: "VAN",
    weightKg: 800,
    cargo: "Boxed auto parts",
    minutesAgo: 30 * 60,
  },
  {
    // Under way, but traffic put the ETA past the end of the drop-off window.
    key: "eta-late",
    status: "IN_TRANSIT",
    shipper: "shipper@demo.test",
    driver: "driver5@demo.test",
    from: "columbus",
    to: "cincinnati",
    vehicleType: "FLATBED",
    weightKg: 11_000,
    cargo: "Structural steel beams",
    minutesAgo: 90,
    trail: { fraction: 0.4, endedMinutesAgo: 1 },
    then: (now) => ({
      pickupWindowStart: new Date(now - 4 * HOUR),
      pickupWindowEnd: new Date(now - 2 * HOUR),
      dropoffWindowStart: new Date(now - 30 * MIN),
      dropoffWindowEnd: new Date(now + 30 * MIN),
      etaAt: new Date(now + 95 * MIN),
    }),
  },
  {
    // The driver's phone went quiet 35 minutes ago, mid-lane.
    key: "no-position",
    status: "IN_TRANSIT",
    shipper: "shipper2@demo.test",
    driver: "driver6@demo.test",
    from: "stLouis",
    to: "kansasCity",
    vehicleType: "VAN",
    weightKg: 650,
    cargo: "Medical supplies",
    minutesAgo: 3 * 60,
    trail: { fraction: 0.55, endedMinutesAgo: 35 },
    then: (now) => ({
      pickupWindowStart: new Date(now - 5 * HOUR),
      pickupWindowEnd: new Date(now - 3 * HOUR),
      dropoffWindowStart: new Date(now + HOUR),
      dropoffWindowEnd: new Date(now + 4 * HOUR),
      etaAt: new Date(now + 2 * HOUR),
    }),
  },
  {
    // Posted seven hours ago and nobody has taken it (pick-up tomorrow, so its window is still open).
    key: "load-unfilled",
    status: "POSTED",
    shipper: "shipper2@demo.test",
    from: "chicago",
    to: "minneapolis",
    vehicleType: "SEMI",
    weightKg: 14_000,
    cargo: "Bagged animal feed",
    minutesAgo: 7 * 60,
  },
  {
    // The card was declined when the shipper tried to post it.
    key: "payment-failed",
    status: "DRAFT",
    shipper: "shipper@demo.test",
    from: "indianapolis",
    to: "louisville",
    vehicleType: "BOX_TRUCK",
    weightKg: 2_300,
    cargo: "Office furniture",
    minutesAgo: 50,
  },
  {
    // Cancelled after payment; Stripe refused the refund.
    key: "refund-failed",
    status: "CANCELLED",
    shipper: "shipper@demo.test",
    from: "chicago",
    to: "desMoines",
    vehicleType: "BOX_TRUCK",
    weightKg: 1_900,
    cargo: "Trade-show displays",
    minutesAgo: 3 * 60,
  },
];

/**
 * Creates the exceptional rows that are not there yet, for the demo accounts in `users` (email → id): the loads
 * above, a failed email about the locked code, a declined card, a failed refund, a failed weekly payout and a Stripe
 * webhook that failed four times. Returns how many rows it created (0 on a re-seed).
 */
export async function seedExceptions(client: PrismaClient, users: Map<string, string>): Promise<number> {
  const user = (email: string) => {
    const id = users.get(email);
    if (!id) throw new Error(`seedExceptions: no demo account ${email}`);
    return id;
  };
  const now = Date.now();
  let created = 0;

  for (const load of loads) {
    const id = seedId(load.key);
    if (await client.shipment.findUnique({ where: { id }, select: { id: true } })) continue;
    const driverId = load.driver ? user(load.driver) : null;
    await createShipment(client, {
      roadEstimate: true,
      id,
      reference: seedReference(load.key),
      shipperId: user(load.shipper),
      driverId,
      status: load.status,
      from: load.from,
      to: load.to,
      vehicleType: load.vehicleType,
      weightKg: load.weightKg,
      cargoDescription: load.cargo,
      createdAt: new Date(now - load.minutesAgo * MIN),
      stepMinutes: 40,
    });
    if (load.then) await client.shipment.update({ where: { id }, data: load.then(now) });
    if (load.trail && driverId) {
      await createPingTrail(client, {
        shipmentId: id,
        driverId,
        from: load.from,
        to: load.to,
        fraction: load.trail.fraction,
        count: 20,
        endAt: new Date(now - load.trail.endedMinutesAgo * MIN),
      });
    }
    created++;
  }

  const locked = seedId("code-locked");
  const notificationId = seedId("notification-failed");
  if (!(await client.notification.findUnique({ where: { id: notificationId }, select: { id: true } }))) {
    await client.notification.create({
      data: {
        id: notificationId,
        userId: user("shipper@demo.test"),
        type: "DELIVERY_CODE_LOCKED",
        title: "Delivery code locked",
        body: "Five wrong delivery codes were entered at the drop-off. Our team will help the driver finish.",
        shipmentId: locked,
        createdAt: new Date(now - 19 * MIN),
        deliveries: {
          create: [
            { channel: "IN_APP", status: "SENT", attempts: 1, sentAt: new Date(now - 19 * MIN) },
            {
              channel: "EMAIL",
              status: "FAILED",
              attempts: 4,
              error: "550 5.1.1 The email account that you tried to reach does not exist",
              createdAt: new Date(now - 19 * MIN),
            },
          ],
        },
      },
    });
    created++;
  }

  const declinedId = seedId("payment-declined");
  if (!(await client.payment.findUnique({ where: { id: declinedId }, select: { id: true } }))) {
    const shipment = await client.shipment.findUniqueOrThrow({ where: { id: seedId("payment-failed") } });
    await client.payment.create({
      data: {
        id: declinedId,
        shipmentId: shipment.id,
        payerId: shipment.shipperId,
        amountCents: shipment.priceCents,
        status: "FAILED",
        failureMessage: "Your card was declined. (insufficient_funds)",
        createdAt: new Date(now - 45 * MIN),
      },
    });
    created++;
  }

  const refundId = seedId("payment-refund-failed");
  if (!(await client.payment.findUnique({ where: { id: refundId }, select: { id: true } }))) {
    const shipment = await client.shipment.findUniqueOrThrow({ where: { id: seedId("refund-failed") } });
    await client.payment.create({
      data: {
        id: refundId,
        shipmentId: shipment.id,
        payerId: shipment.shipperId,
        amountCents: shipment.priceCents,
        status: "SUCCEEDED",
        paidAt: new Date(now - 5 * HOUR),
        refundDueCents: shipment.priceCents,
        refundStatus: "FAILED",
        refundFailureReason: "charge_disputed: the charge is disputed and cannot be refunded",
        createdAt: new Date(now - 5 * HOUR),
      },
    });
    created++;
  }

  const payoutId = seedId("payout-failed");
  if (!(await client.payout.findUnique({ where: { id: payoutId }, select: { id: true } }))) {
    // Last week's run (Monday to Monday, UTC) for Taylor, whose bank closed the account: one proven load of
    // theirs, completed that week, whose driver pay is the payout's amount (a retry re-derives it from its items).
    const weekStart = new Date(now);
    weekStart.setUTCHours(0, 0, 0, 0);
    weekStart.setUTCDate(weekStart.getUTCDate() - ((weekStart.getUTCDay() + 6) % 7) - 7);
    const taylor = user("driver5@demo.test");
    const loadId = seedId("payout-failed-load");
    const load =
      (await client.shipment.findUnique({ where: { id: loadId } })) ??
      (
        await createShipment(client, {
          roadEstimate: true,
          id: loadId,
          reference: seedReference("payout-failed-load"),
          shipperId: user("shipper@demo.test"),
          driverId: taylor,
          status: "COMPLETED",
          from: "chicago",
          to: "milwaukee",
          vehicleType: "FLATBED",
          cargoDescription: "Steel coils",
          createdAt: new Date(weekStart.getTime() + 2 * 24 * HOUR),
          stepMinutes: 40,
        })
      ).shipment;
    if (!(await client.proofOfDelivery.findUnique({ where: { shipmentId: load.id }, select: { id: true } }))) {
      await client.proofOfDelivery.create({
        data: { shipmentId: load.id, method: "CODE", deliveredAt: load.deliveredAt ?? load.updatedAt },
      });
    }
    await client.payout.create({
      data: {
        id: payoutId,
        driverId: taylor,
        periodStart: weekStart,
        periodEnd: new Date(weekStart.getTime() + 7 * 24 * HOUR),
        amountCents: load.driverPayoutCents,
        items: { create: [{ shipmentId: load.id, amountCents: load.driverPayoutCents, kind: "LOAD" }] },
        status: "FAILED",
        failureReason: "account_closed: the bank account has been closed",
        transferAttempt: 1,
        lastAttemptAt: new Date(now - 26 * HOUR),
        createdAt: new Date(now - 26 * HOUR),
      },
    });
    created++;
  }

  const webhookId = "stripe-evt_1SeedWebhookFailing01";
  if (!(await client.webhookFailure.findUnique({ where: { id: webhookId }, select: { id: true } }))) {
    await client.webhookFailure.create({
      data: {
        id: webhookId,
        provider: "stripe",
        eventId: "evt_1SeedWebhookFailing01",
        eventType: "account.updated",
        attempts: 4,
        lastError: "No driver has the Connect account acct_1SeedUnknownAcct",
        firstFailedAt: new Date(now - 3 * HOUR),
        lastFailedAt: new Date(now - 20 * MIN),
      },
    });
    created++;
  }
  // The event itself, as Stripe sent it (recorded, never applied): Replay in the queue sends it to be applied again.
  const eventId = "evt_1SeedWebhookFailing01";
  if (!(await client.stripeEvent.findUnique({ where: { id: eventId }, select: { id: true } }))) {
    const createdSec = Math.floor((now - 3 * HOUR) / 1000);
    await client.stripeEvent.create({
      data: {
        id: eventId,
        type: "account.updated",
        processedAt: new Date(now - 3 * HOUR),
        payload: {
          id: eventId,
          object: "event",
          api_version: "2025-09-30.clover",
          created: createdSec,
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          type: "account.updated",
          data: {
            object: {
              id: "acct_1SeedUnknownAcct",
              object: "account",
              type: "express",
              country: "US",
              charges_enabled: false,
              payouts_enabled: false,
              details_submitted: true,
              created: createdSec - 86_400,
            },
            previous_attributes: { details_submitted: false },
          },
        },
      },
    });
    created++;
  }
  return created;
}
