// Read models for shipments: the shipper's list (keyset pagination, stable under inserts), one shipment as each
// kind of viewer may see it, the driver's load board, jobs and earnings.
import type { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { haversineKm, routeProgress, type TLatLng } from "~/lib/geo";
import { ZDate, ZIdSchema } from "~/lib/schemas/primitives";
import { withoutPriceAmounts } from "~/lib/shipment-changes";
import { activeStatuses, showsTrackingLink } from "~/lib/shipment-state";
import { vehiclesThatCanCarry } from "~/lib/vehicles";
import { db } from "~/server/db";
import { accessFor, notFound, type TViewer } from "./access";
import { deliveryCodeFor } from "./secrets";

// ─── Cursor ──────────────────────────────────────────────────────────────────

/** A keyset position: the sort timestamp and id of the last row a page returned. */
type TCursor = { at: Date; id: string };

export function encodeCursor(c: TCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString("base64url");
}

function decodeCursor(raw: string): TCursor {
  const [iso, id] = Buffer.from(raw, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  // A forged cursor must not carry NUL or a date PostgreSQL cannot hold into the query (that was a 500).
  if (!id || !ZIdSchema.safeParse(id).success || !ZDate().safeParse(at).success) {
    throw new AppError("BAD_REQUEST", "Invalid page cursor.");
  }
  return { at, id };
}

/** Rows strictly after the cursor in (`field` desc, id desc) order. */
function afterCursor(raw: string | null | undefined, field: "createdAt" | "deliveredAt"): Prisma.ShipmentWhereInput {
  if (!raw) return {};
  const c = decodeCursor(raw);
  return { OR: [{ [field]: { lt: c.at } }, { [field]: c.at, id: { lt: c.id } }] };
}

/**
 * One page from rows fetched with `take: limit + 1` in (`at` desc, id desc) order: the first `limit`, and a
 * cursor after the last of them when the extra row shows there is more.
 */
function keysetPage<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date | null) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const lastAt = last ? at(last) : null;
  return {
    items,
    nextCursor: rows.length > limit && last && lastAt ? encodeCursor({ at: lastAt, id: last.id }) : null,
  };
}

const listSelect = {
  id: true,
  reference: true,
  status: true,
  pickupCity: true,
  dropoffCity: true,
  pickupWindowStart: true,
  dropoffWindowEnd: true,
  priceCents: true,
  currency: true,
  createdAt: true,
} satisfies Prisma.ShipmentSelect;

export async function listShipperShipments(opts: {
  shipperId: string;
  status?: ShipmentStatus;
  from?: Date;
  to?: Date;
  search?: string;
  cursor?: string | null;
  limit: number;
}) {
  const where: Prisma.ShipmentWhereInput = {
    shipperId: opts.shipperId,
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.from || opts.to
      ? { createdAt: { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lte: opts.to } : {}) } }
      : {}),
    ...(opts.search ? { reference: { contains: opts.search.toUpperCase() } } : {}),
    ...afterCursor(opts.cursor, "createdAt"),
  };
  const rows = await db.shipment.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    select: listSelect,
  });
  return keysetPage(rows, opts.limit, (row) => row.createdAt);
}

// ─── One shipment ────────────────────────────────────────────────────────────

export async function getShipment(viewer: TViewer, id: string) {
  const s = await db.shipment.findUnique({
    where: { id },
    include: {
      driver: {
        select: {
          id: true,
          name: true,
          phone: true,
          driverProfile: { select: { vehicleType: true, plate: true, ratingAvg: true, ratingCount: true } },
        },
      },
      shipper: { select: { id: true, name: true, phone: true } },
      events: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          type: true,
          fromStatus: true,
          toStatus: true,
          note: true,
          data: true,
          createdAt: true,
          actor: { select: { name: true, role: true } },
        },
      },
    },
  });
  if (!s) throw notFound();
  const access = accessFor(viewer, s);
  if (access === "none") throw notFound();

  const common = {
    id: s.id,
    reference: s.reference,
    status: s.status,
    version: s.version,
    pickup: {
      city: s.pickupCity,
      lat: s.pickupLat,
      lng: s.pickupLng,
      windowStart: s.pickupWindowStart,
      windowEnd: s.pickupWindowEnd,
    },
    dropoff: {
      city: s.dropoffCity,
      lat: s.dropoffLat,
      lng: s.dropoffLng,
      windowStart: s.dropoffWindowStart,
      windowEnd: s.dropoffWindowEnd,
    },
    cargo: {
      description: s.cargoDescription,
      weightKg: s.weightKg,
      lengthCm: s.lengthCm,
      widthCm: s.widthCm,
      heightCm: s.heightCm,
      vehicleType: s.requiredVehicleType,
    },
    distanceKm: s.distanceKm,
    durationMin: s.durationMin,
    driverPayoutCents: s.driverPayoutCents,
    currency: s.currency,
    createdAt: s.createdAt,
    postedAt: s.postedAt,
  };
  if (access === "open-load") return { access, ...common, details: null, driver: null, events: [], secrets: null };

  const full = {
    ...common,
    details: {
      pickupAddress: s.pickupAddress,
      pickupContactName: s.pickupContactName,
      pickupContactPhone: s.pickupContactPhone,
      dropoffAddress: s.dropoffAddress,
      dropoffContactName: s.dropoffContactName,
      dropoffContactPhone: s.dropoffContactPhone,
      recipientName: s.recipientName,
      recipientPhone: s.recipientPhone,
      recipientEmail: s.recipientEmail,
      priceCents: access === "assigned-driver" ? null : s.priceCents,
      platformFeeCents: access === "assigned-driver" ? null : s.platformFeeCents,
      cancelReason: s.cancelReason,
      lastPosition:
        s.lastLat !== null && s.lastLng !== null ? { lat: s.lastLat, lng: s.lastLng, at: s.lastPositionAt } : null,
      etaAt: s.etaAt,
      deliveredAt: s.deliveredAt,
      deliveryCodeLocked: !!s.deliveryCodeLockedAt,
      shipper: s.shipper,
    },
    driver: s.driver
      ? {
          id: s.driver.id,
          name: s.driver.name,
          phone: s.driver.phone,
          vehicleType: s.driver.driverProfile?.vehicleType ?? null,
          plate: s.driver.driverProfile?.plate ?? null,
          rating: s.driver.driverProfile?.ratingCount ? s.driver.driverProfile.ratingAvg : null,
        }
      : null,
    // The assigned driver is not shown the shipper's price, nor its amounts in edit events.
    events: s.events.map((e) =>
      access === "assigned-driver" && e.type === "UPDATED" ? { ...e, data: withoutPriceAmounts(e.data) } : e,
    ),
  };
  // Only the shipper (and admins) get the code to hand to the recipient and the public tracking link, and only
  // while they serve: a cancelled load has neither.
  const secrets =
    (access === "owner" || access === "admin") && showsTrackingLink(s.status)
      ? { deliveryCode: deliveryCodeFor(s.id), trackingToken: s.trackingToken }
      : null;
  return { access, ...full, secrets };
}

// ─── Drivers ─────────────────────────────────────────────────────────────────

export async function loadBoard(opts: { driverId: string; position?: TLatLng; limit: number }) {
  const profile = await db.driverProfile.findUnique({
    where: { userId: opts.driverId },
    select: { vehicleType: true, capacityKg: true, baseLat: true, baseLng: true, lastLat: true, lastLng: true },
  });
  if (!profile) throw new AppError("PRECONDITION_FAILED", "Add your vehicle details in your account first.");
  const carriable = (Object.keys(vehiclesThatCanCarry) as (keyof typeof vehiclesThatCanCarry)[]).filter((required) =>
    vehiclesThatCanCarry[required].includes(profile.vehicleType),
  );
  const origin: TLatLng | null =
    opts.position ??
    (profile.lastLat !== null && profile.lastLng !== null
      ? { lat: profile.lastLat, lng: profile.lastLng }
      : profile.baseLat !== null && profile.baseLng !== null
        ? { lat: profile.baseLat, lng: profile.baseLng }
        : null);

  const fits = {
    status: "POSTED",
    requiredVehicleType: { in: carriable },
    weightKg: { lte: profile.capacityKg },
  } satisfies Prisma.ShipmentWhereInput;
  // Nearest first, ranked in SQL over every open load that fits, so a near load is never cut off by newer far
  // ones. The planar approximation (longitude scaled by the cosine of the driver's latitude) orders like
  // great-circle distance at freight scales; the kilometres shown are haversine.
  const nearestIds = origin
    ? (
        await db.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "Shipment"
          WHERE "status" = 'POSTED' AND "requiredVehicleType"::text = ANY(${carriable})
            AND "weightKg" <= ${profile.capacityKg}
          ORDER BY power("pickupLat" - ${origin.lat}, 2)
                 + power(("pickupLng" - ${origin.lng}) * ${Math.cos((origin.lat * Math.PI) / 180)}, 2),
                   "postedAt" DESC
          LIMIT ${opts.limit}`
      ).map((r) => r.id)
    : null;
  const rows = await db.shipment.findMany({
    // `fits` again: a load accepted between the two queries drops out.
    where: nearestIds ? { ...fits, id: { in: nearestIds } } : fits,
    orderBy: { postedAt: "desc" },
    take: opts.limit,
    select: {
      id: true,
      reference: true,
      pickupCity: true,
      pickupLat: true,
      pickupLng: true,
      dropoffCity: true,
      pickupWindowStart: true,
      pickupWindowEnd: true,
      dropoffWindowStart: true,
      dropoffWindowEnd: true,
      distanceKm: true,
      durationMin: true,
      weightKg: true,
      requiredVehicleType: true,
      driverPayoutCents: true,
      currency: true,
      cargoDescription: true,
      postedAt: true,
    },
  });
  const loads = rows.map(({ pickupLat, pickupLng, ...r }) => ({
    ...r,
    deadheadKm: origin ? Math.round(haversineKm(origin, { lat: pickupLat, lng: pickupLng }) * 10) / 10 : null,
  }));
  if (origin) loads.sort((a, b) => (a.deadheadKm ?? 0) - (b.deadheadKm ?? 0));
  return { origin: opts.position ? "device" : origin ? "profile" : "none", loads } as const;
}

// Drivers see their pay, never what the shipper is charged.
const { priceCents: _price, ...listShared } = listSelect;
const jobSelect = {
  ...listShared,
  driverPayoutCents: true,
  deliveredAt: true,
  dropoffWindowStart: true,
} satisfies Prisma.ShipmentSelect;

/** The page size of a driver's delivered jobs (the server-rendered first page and `driver.history`'s default). */
export const DRIVER_HISTORY_PAGE = 20;

export async function driverJobs(driverId: string) {
  const [active, history] = await Promise.all([
    db.shipment.findMany({
      where: { driverId, status: { in: [...activeStatuses] } },
      orderBy: { pickupWindowStart: "asc" },
      select: jobSelect,
    }),
    driverHistory({ driverId, limit: DRIVER_HISTORY_PAGE }),
  ]);
  return { active, history };
}

/** Delivered and completed jobs, newest delivery first, in keyset pages (stable while new deliveries land). */
export async function driverHistory(opts: { driverId: string; cursor?: string | null; limit: number }) {
  const rows = await db.shipment.findMany({
    where: {
      driverId: opts.driverId,
      status: { in: ["DELIVERED", "COMPLETED"] },
      deliveredAt: { not: null },
      ...afterCursor(opts.cursor, "deliveredAt"),
    },
    orderBy: [{ deliveredAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    select: jobSelect,
  });
  return keysetPage(rows, opts.limit, (row) => row.deliveredAt);
}

export async function driverEarnings(driverId: string) {
  const delivered = { driverId, status: { in: ["DELIVERED", "COMPLETED"] as ShipmentStatus[] } };
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000);
  const [all, week] = await Promise.all([
    db.shipment.aggregate({ where: delivered, _sum: { driverPayoutCents: true, distanceKm: true }, _count: true }),
    db.shipment.aggregate({
      where: { ...delivered, deliveredAt: { gte: weekAgo } },
      _sum: { driverPayoutCents: true },
      _count: true,
    }),
  ]);
  return {
    totalCents: all._sum.driverPayoutCents ?? 0,
    totalLoads: all._count,
    totalKm: Math.round(all._sum.distanceKm ?? 0),
    weekCents: week._sum.driverPayoutCents ?? 0,
    weekLoads: week._count,
    currency: "USD",
  };
}

// ─── Public tracking ─────────────────────────────────────────────────────────

/** What a recipient sees with the link: no names, phones, emails or addresses of anybody. */
export async function getTracking(token: string) {
  const s = await db.shipment.findUnique({
    where: { trackingToken: token },
    select: {
      reference: true,
      status: true,
      pickupCity: true,
      dropoffCity: true,
      pickupLat: true,
      pickupLng: true,
      dropoffLat: true,
      dropoffLng: true,
      lastLat: true,
      lastLng: true,
      lastPositionAt: true,
      etaAt: true,
      pickedUpAt: true,
      deliveredAt: true,
      trackingTokenExpiresAt: true,
    },
  });
  if (!s) return { state: "not-found" as const };
  if (s.trackingTokenExpiresAt && s.trackingTokenExpiresAt <= new Date()) return { state: "expired" as const };
  const pickup = { lat: s.pickupLat, lng: s.pickupLng };
  const dropoff = { lat: s.dropoffLat, lng: s.dropoffLng };
  const position = s.lastLat !== null && s.lastLng !== null ? { lat: s.lastLat, lng: s.lastLng } : null;
  const progress =
    s.status === "DELIVERED" || s.status === "COMPLETED"
      ? 1
      : position && (s.status === "IN_TRANSIT" || s.status === "PICKED_UP")
        ? routeProgress(pickup, dropoff, position)
        : 0;
  return {
    state: "ok" as const,
    reference: s.reference,
    status: s.status,
    pickupCity: s.pickupCity,
    dropoffCity: s.dropoffCity,
    etaAt: s.status === "IN_TRANSIT" || s.status === "PICKED_UP" ? s.etaAt : null,
    deliveredAt: s.deliveredAt,
    progress: Math.round(progress * 100) / 100,
    lastPosition:
      position && s.status !== "DELIVERED" && s.status !== "COMPLETED" ? { ...position, at: s.lastPositionAt } : null,
  };
}
