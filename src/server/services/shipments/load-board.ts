// The driver's load board: open loads this driver's vehicle can carry, nearest pick-up first.
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/lib/app-error";
import type { TLatLng } from "~/lib/geo";
import { vehiclesThatCanCarry } from "~/lib/vehicles";
import { db } from "~/server/db";
import { coarseDistanceKm } from "./coarse-location";

/**
 * Up to `limit` POSTED loads that fit the driver's vehicle type and capacity (kg), nearest pick-up first from
 * `position` (the device's, degrees), else the driver's last known position, else their base; newest first when
 * none is known (`origin` says which was used: "device", "profile" or "none").
 *
 * Each load carries no address, person or coordinates; `deadheadKm` is the distance in whole km to the pick-up's
 * 0.01° cell (about 1 km, see `coarseDistanceKm`), so asking from many positions cannot triangulate the exact dock.
 *
 * @throws AppError PRECONDITION_FAILED when the driver has no vehicle details yet.
 */
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
  // great-circle distance at freight scales. The ranking may use the exact points: it stays on the server.
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
  const loads = rows.map(({ pickupLat, pickupLng, distanceKm, ...r }) => ({
    ...r,
    // Whole km, as `shipment.get` shows an open load: the exact length would tie the two stops together.
    distanceKm: Math.round(distanceKm),
    deadheadKm: origin ? coarseDistanceKm(origin, { lat: pickupLat, lng: pickupLng }) : null,
  }));
  if (origin) loads.sort((a, b) => (a.deadheadKm ?? 0) - (b.deadheadKm ?? 0));
  return { origin: opts.position ? "device" : origin ? "profile" : "none", loads } as const;
}
