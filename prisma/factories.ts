// Factories shared by the seed and the tests: each builds a valid row (or a shipment with its full history).
import { randomBytes } from "node:crypto";

import type { PrismaClient } from "~/generated/prisma/client";
import type { ProofMethod, Role, ShipmentEventType, ShipmentStatus, VehicleType } from "~/generated/prisma/enums";
import { quote } from "~/lib/pricing";
import { newShipmentReference } from "~/lib/reference";
import { estimateRoad } from "~/lib/route-estimate";
import type { TShipmentFormInput } from "~/lib/schemas/shipment";
import { pathTo } from "~/lib/shipment-state";
import { zoneAt } from "~/lib/stop-zone";
import { hashPassword } from "~/server/auth/password";
import {
  deliveryCodeFor,
  deliveryCodeHash,
  newShipmentId,
  newTrackingToken,
  TRACKING_LINK_TTL_AFTER_DELIVERY_MS,
} from "~/server/services/shipments/secrets";
import { cities, type TCityKey } from "./cities";

export const DEMO_PASSWORD = "Freight-Demo-2026";

const hashes = new Map<string, Promise<string>>();
/** bcrypt at cost 12 is deliberately slow; tests share one hash per password. */
export function passwordHash(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

const uid = () => randomBytes(5).toString("hex");

export type TUserOptions = {
  role: Role;
  email?: string;
  name?: string;
  password?: string;
  verified?: boolean;
  disabled?: boolean;
  phone?: string;
  driver?: { vehicleType?: VehicleType; capacityKg?: number; plate?: string; baseCity?: TCityKey };
};

export async function createUser(db: PrismaClient, opts: TUserOptions) {
  const id = uid();
  const base = opts.driver?.baseCity ? cities[opts.driver.baseCity] : cities.chicago;
  return db.user.create({
    data: {
      email: (opts.email ?? `${opts.role.toLowerCase()}-${id}@test.local`).toLowerCase(),
      name: opts.name ?? `${opts.role[0]}${opts.role.slice(1).toLowerCase()} ${id}`,
      phone: opts.phone ?? null,
      role: opts.role,
      passwordHash: await passwordHash(opts.password ?? DEMO_PASSWORD),
      emailVerifiedAt: opts.verified === false ? null : new Date(),
      disabledAt: opts.disabled ? new Date() : null,
      driverProfile:
        opts.role === "DRIVER"
          ? {
              create: {
                vehicleType: opts.driver?.vehicleType ?? "BOX_TRUCK",
                capacityKg: opts.driver?.capacityKg ?? 5_000,
                plate: opts.driver?.plate ?? `TT-${id.slice(0, 4).toUpperCase()}`,
                baseLat: base.lat,
                baseLng: base.lng,
                baseLabel: `${base.name}, ${base.state}, USA`,
              },
            }
          : undefined,
    },
    include: { driverProfile: true },
  });
}

const eventFor: Record<ShipmentStatus, ShipmentEventType> = {
  DRAFT: "CREATED",
  POSTED: "POSTED",
  ASSIGNED: "ACCEPTED",
  PICKED_UP: "PICKED_UP",
  IN_TRANSIT: "IN_TRANSIT",
  DELIVERED: "DELIVERED",
  COMPLETED: "COMPLETED",
  CANCELLED: "CANCELLED",
};

const timestampField: Partial<Record<ShipmentStatus, string>> = {
  POSTED: "postedAt",
  ASSIGNED: "assignedAt",
  PICKED_UP: "pickedUpAt",
  IN_TRANSIT: "inTransitAt",
  DELIVERED: "deliveredAt",
  COMPLETED: "completedAt",
  CANCELLED: "cancelledAt",
};

export type TShipmentOptions = {
  shipperId: string;
  status?: ShipmentStatus;
  driverId?: string | null;
  from?: TCityKey;
  to?: TCityKey;
  weightKg?: number;
  vehicleType?: VehicleType;
  createdAt?: Date;
  /** Minutes between consecutive history events. */
  stepMinutes?: number;
  cargoDescription?: string;
  recipientName?: string;
  /** A fixed id and reference (the seed's, so a re-seed finds its rows); new random ones by default. */
  id?: string;
  reference?: string;
  /**
   * The proof required at delivery. Default the code alone, as on rows made before photo + signature became the
   * column's default: most tests and the demo deliver with the code; tests of the other proofs pass theirs.
   */
  podRequires?: ProofMethod[];
  /**
   * Price and time the lane as the app does without a Google key (src/lib/route-estimate.ts: great circle x 1.2 at
   * the vehicle's planning speed), so the pages' "Estimate: great-circle distance x 1.2 at …" note matches the
   * figures. The seed sets it; tests keep the plain great-circle figures their expectations were computed from.
   */
  roadEstimate?: boolean;
};

const HOUR_MS = 3600_000;

/**
 * A valid `shipment.create` / `shipment.update` input: Chicago (233 S Wacker Dr) to Detroit, pick-up tomorrow
 * 4 hours from now-plus-24 h, drop-off 6 to 10 hours after that, 900 kg in a van. `cargo` overrides cargo fields.
 */
export function validShipmentInput(cargo: Partial<TShipmentFormInput["cargo"]> = {}): TShipmentFormInput {
  const t = Date.now() + 24 * HOUR_MS;
  return {
    pickup: {
      address: "233 S Wacker Dr",
      city: "Chicago",
      lat: 41.8781,
      lng: -87.6298,
      windowStart: new Date(t),
      windowEnd: new Date(t + 4 * HOUR_MS),
      contactName: "Dock",
      contactPhone: "+1 312 555 0100",
    },
    dropoff: {
      address: "1 Woodward Ave",
      city: "Detroit",
      lat: 42.3314,
      lng: -83.0458,
      windowStart: new Date(t + 6 * HOUR_MS),
      windowEnd: new Date(t + 10 * HOUR_MS),
    },
    cargo: { description: "Pallets of paper", weightKg: 900, vehicleType: "VAN", ...cargo },
    recipient: { name: "Robin Receiver", phone: "+13135550199", email: "robin@example.test" },
  };
}

/** A shipment in any status, with the history of events that led there and the secrets a test needs. */
export async function createShipment(db: PrismaClient, opts: TShipmentOptions) {
  const status = opts.status ?? "DRAFT";
  const from = cities[opts.from ?? "chicago"];
  const to = cities[opts.to ?? "milwaukee"];
  const vehicleType = opts.vehicleType ?? "BOX_TRUCK";
  const weightKg = opts.weightKg ?? 1_200;
  const q = quote(
    { pickup: from, dropoff: to, weightKg, vehicleType },
    opts.roadEstimate ? estimateRoad(from, to, vehicleType) : undefined,
  );
  const createdAt = opts.createdAt ?? new Date();
  const step = (opts.stepMinutes ?? 45) * 60_000;
  const path = pathTo(status);
  // Each step of the history `step` apart, the last one (the status it is in now) at `createdAt`: a shipment in
  // transit was picked up and assigned before now, never in the future.
  const at = (i: number) => new Date(createdAt.getTime() - (path.length - 1 - i) * step);
  const needsDriver = ["ASSIGNED", "PICKED_UP", "IN_TRANSIT", "DELIVERED", "COMPLETED"].includes(status);
  if (needsDriver && !opts.driverId) throw new Error(`A ${status} shipment needs a driverId`);

  const id = opts.id ?? newShipmentId();
  const deliveryCode = deliveryCodeFor(id);
  const trackingToken = newTrackingToken();
  const timestamps: Record<string, Date> = {};
  path.forEach((s, i) => {
    const field = timestampField[s];
    if (field) timestamps[field] = at(i);
  });
  const deliveredAt = timestamps.deliveredAt;
  const pickupStart = new Date(createdAt.getTime() + 24 * 3600_000);

  const shipment = await db.shipment.create({
    data: {
      id,
      reference: opts.reference ?? newShipmentReference(),
      status,
      shipperId: opts.shipperId,
      driverId: needsDriver ? opts.driverId : null,
      pickupAddress: `${from.street}, ${from.name}, ${from.state}`,
      pickupCity: from.name,
      pickupLat: from.lat,
      pickupLng: from.lng,
      pickupWindowStart: pickupStart,
      pickupWindowEnd: new Date(pickupStart.getTime() + 4 * 3600_000),
      pickupTimeZone: zoneAt(from.lat, from.lng),
      pickupContactName: "Dock supervisor",
      pickupContactPhone: "+13125550100",
      dropoffAddress: `${to.street}, ${to.name}, ${to.state}`,
      dropoffCity: to.name,
      dropoffLat: to.lat,
      dropoffLng: to.lng,
      dropoffRegion: to.state, // what usStateAt derives for each of these cities (us-state-at.test.ts)
      dropoffWindowStart: new Date(pickupStart.getTime() + q.durationMin * 60_000),
      dropoffWindowEnd: new Date(pickupStart.getTime() + q.durationMin * 60_000 + 6 * 3600_000),
      dropoffTimeZone: zoneAt(to.lat, to.lng),
      cargoDescription: opts.cargoDescription ?? "Palletised dry goods",
      weightKg,
      lengthCm: 240,
      widthCm: 120,
      heightCm: 150,
      requiredVehicleType: vehicleType,
      ...q,
      recipientName: opts.recipientName ?? "Jordan Recipient",
      recipientPhone: "+14145550199",
      recipientEmail: "recipient@example.test",
      trackingToken,
      trackingTokenExpiresAt: deliveredAt
        ? new Date(deliveredAt.getTime() + TRACKING_LINK_TTL_AFTER_DELIVERY_MS)
        : null,
      deliveryCodeHash: deliveryCodeHash(id, deliveryCode),
      podRequires: opts.podRequires ?? ["CODE"],
      cancelReason: status === "CANCELLED" ? "Plans changed" : null,
      // Under way: due in about half the trip from now.
      etaAt: status === "PICKED_UP" || status === "IN_TRANSIT" ? new Date(Date.now() + q.durationMin * 30_000) : null,
      createdAt,
      ...timestamps,
      events: {
        create: path.map((s, i) => ({
          type: eventFor[s],
          fromStatus: i === 0 ? null : path[i - 1],
          toStatus: s,
          actorId: ["ASSIGNED", "PICKED_UP", "IN_TRANSIT", "DELIVERED"].includes(s) ? opts.driverId : opts.shipperId,
          createdAt: at(i),
        })),
      },
    },
  });
  return { shipment, deliveryCode, trackingToken };
}

/** A straight trail of pings from pickup towards drop-off, ending `fraction` of the way. */
export async function createPingTrail(
  db: PrismaClient,
  opts: {
    shipmentId: string;
    driverId: string;
    from: TCityKey;
    to: TCityKey;
    fraction: number;
    count: number;
    endAt?: Date;
  },
) {
  const a = cities[opts.from];
  const b = cities[opts.to];
  const end = opts.endAt ?? new Date();
  const pings = Array.from({ length: opts.count }, (_, i) => {
    const f = (opts.fraction * (i + 1)) / opts.count;
    return {
      shipmentId: opts.shipmentId,
      driverId: opts.driverId,
      lat: a.lat + (b.lat - a.lat) * f,
      lng: a.lng + (b.lng - a.lng) * f,
      speedKmh: 80,
      recordedAt: new Date(end.getTime() - (opts.count - 1 - i) * 60_000),
    };
  });
  await db.locationPing.createMany({ data: pings, skipDuplicates: true });
  const last = pings.at(-1);
  if (last) {
    await db.shipment.update({
      where: { id: opts.shipmentId },
      data: { lastLat: last.lat, lastLng: last.lng, lastPositionAt: last.recordedAt },
    });
    await db.driverProfile.update({
      where: { userId: opts.driverId },
      data: { lastLat: last.lat, lastLng: last.lng, lastPositionAt: last.recordedAt, online: true },
    });
  }
  return pings;
}
