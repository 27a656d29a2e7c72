// The driver's load board: open loads this driver's vehicle can carry, filtered, sorted and paged in SQL. Distances
// are ranked with `cube`/`earthdistance` (3-D earth points: no wrap at the ±180° meridian) through the partial GiST
// index "Shipment_open_pickup_earth_idx" on ll_to_earth("pickupLat", "pickupLng") WHERE status = 'POSTED'.
import { Prisma } from "~/generated/prisma/client";
import type { VehicleType } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { EARTH_RADIUS_M, METRES_PER_MILE, type TLatLng } from "~/lib/geo";
import type { TLoadBoardInput, TLoadBoardSort } from "~/lib/schemas/load-board";
import { destinationStates } from "~/lib/us-states";
import { vehiclesThatCanCarry } from "~/lib/vehicles";
import { db } from "~/server/db";
import { COARSE_DECIMALS } from "./coarse-location";

export type TLoadBoardOrigin = "device" | "last-position" | "base" | "none";

/**
 * How long the last position the driver's phone reported (while sharing on a job) stands for where they are, when
 * the board gets no position from the device: after that, their base is the better guess (they have gone home).
 */
export const LAST_POSITION_FRESH_MS = 12 * 3_600_000;

/** One card. Metres are great-circle metres; money is integer cents of `currency`. */
export type TLoadBoardLoad = {
  id: string;
  reference: string;
  pickupCity: string;
  dropoffCity: string;
  /** The drop-off's US state (USPS code), null outside the states. */
  dropoffRegion: string | null;
  pickupWindowStart: Date;
  pickupWindowEnd: Date;
  dropoffWindowStart: Date;
  dropoffWindowEnd: Date;
  /** Each stop's IANA zone, in which its window is shown (null on rows from before zones were stored). */
  pickupTimeZone: string | null;
  dropoffTimeZone: string | null;
  /** The loaded trip in whole km, as metres (the exact length would tie the two stops together). */
  loadedMetres: number;
  durationMin: number;
  weightKg: number;
  requiredVehicleType: VehicleType;
  driverPayoutCents: number;
  currency: string;
  /** Driver pay per loaded mile in cents: driverPayoutCents / (whole-km trip in miles), rounded. */
  ratePerMileCents: number;
  /** Deadhead: from the driver's origin to the pick-up's 0.01° cell, whole km as metres; null with no origin. */
  deadheadMetres: number | null;
  cargoDescription: string;
  postedAt: Date | null;
};

export type TLoadBoardPage = {
  /**
   * Where the deadhead is measured from: the phone now, the last position it reported (within
   * LAST_POSITION_FRESH_MS), the driver's base, or nowhere.
   */
  origin: TLoadBoardOrigin;
  /** The order used: "distance" falls back to "pickup" when there is no point to measure from. */
  sort: TLoadBoardSort;
  loads: TLoadBoardLoad[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
};

/** A numeric constant of this module as a SQL literal: fewer bind parameters per query (less CPU per call). */
const literal = (n: number) => Prisma.raw(`${n}::float8`);

const CELL = literal(10 ** COARSE_DECIMALS);
/** Scales earthdistance's sphere (earth() = 6,378,168 m) to the app's mean earth radius (src/lib/geo.ts). */
const TO_APP_METRES = Prisma.sql`(${literal(EARTH_RADIUS_M)} / earth())`;
/** The indexed expression: written exactly as in the migration so the planner can use the GiST index. */
const PICKUP_EARTH = Prisma.sql`ll_to_earth(s."pickupLat", s."pickupLng")`;
/** The pick-up snapped to the 0.01° grid unassigned drivers see (Math.round semantics, as coarsePoint). */
const COARSE_PICKUP_EARTH = Prisma.sql`ll_to_earth(floor(s."pickupLat" * ${CELL} + 0.5) / ${CELL},
  floor(s."pickupLng" * ${CELL} + 0.5) / ${CELL})`;
/** Pay per loaded mile (cents), from the whole-km trip length drivers are shown. */
const RATE_PER_MILE = Prisma.sql`round(s."driverPayoutCents" * ${literal(METRES_PER_MILE / 1000)}
  / greatest(round(s."distanceKm"), 1))::int`;

const earthPoint = (p: TLatLng) => Prisma.sql`ll_to_earth(${p.lat}::float8, ${p.lng}::float8)`;

/** Deadhead as drivers see it: metres to the pick-up's 0.01° cell, rounded to whole km (see coarse-location.ts). */
const coarseMetresFrom = (p: TLatLng) =>
  Prisma.sql`(round(earth_distance(${earthPoint(p)}, ${COARSE_PICKUP_EARTH}) * ${TO_APP_METRES} / 1000) * 1000)::int`;

/** earthdistance's sphere: its earth() function, in metres. */
const EARTHDISTANCE_RADIUS_M = 6_378_168;
/** How far an exact pick-up may lie beyond its rounded deadhead: half a km of rounding + the cell's half-diagonal. */
const RADIUS_SLACK_M = 500 + 800;

type TProfile = {
  vehicleType: VehicleType;
  capacityKg: number;
  baseLat: number | null;
  baseLng: number | null;
  lastLat: number | null;
  lastLng: number | null;
  lastPositionAt: Date | null;
};

type TRow = Omit<TLoadBoardLoad, "requiredVehicleType"> & { requiredVehicleType: string; rank: number; posted: Date };

/** When a load was posted (its creation for rows from before postedAt was kept): newer first among equals. */
const POSTED = Prisma.sql`coalesce(s."postedAt", s."createdAt")`;

/**
 * A page of POSTED loads that fit the driver's vehicle type and capacity (kg) and whose pick-up window has not
 * ended, filtered and sorted as `input` says (see ZLoadBoardInputSchema: metres, cents per mile, instants).
 *
 * The deadhead is measured from `input.position` (the phone, degrees), else the driver's last known position,
 * else their base. Each load carries no address, person or coordinates, and every distance a driver can observe
 * (the deadhead, the radius filter) is measured to the pick-up's 0.01° cell and rounded to whole km, so asking from
 * many positions cannot triangulate the dock. The distance ranking uses the exact points: it stays on the server,
 * and the page cursor is the id of a load that has been on the board (never a draft's), never a distance.
 *
 * Among equal ranks (many loads at one dock, say) the newest posted comes first, then the id. Pages are keyset
 * pages: (rank, posted, id) after the cursor's, so loads posted or taken meanwhile neither repeat nor
 * shift others off a page.
 *
 * @throws AppError PRECONDITION_FAILED when the driver has no vehicle details yet; BAD_REQUEST (field
 *   `withinMetres`) for a radius with no place and no driver position, (field `cursor`) for an unknown cursor.
 */
export async function loadBoard(opts: { driverId: string } & TLoadBoardInput): Promise<TLoadBoardPage> {
  // Raw for speed (the ORM path costs 1.0 ms of CPU per call here, this one 0.4): the board is the hottest read.
  const [profile] = await db.$queryRaw<TProfile[]>`
    SELECT "vehicleType"::text AS "vehicleType", "capacityKg", "baseLat", "baseLng", "lastLat", "lastLng",
      "lastPositionAt"
    FROM "DriverProfile" WHERE "userId" = ${opts.driverId}`;
  if (!profile) throw new AppError("PRECONDITION_FAILED", "Add your vehicle details in your account first.");
  const carriable = (Object.keys(vehiclesThatCanCarry) as VehicleType[]).filter((required) =>
    vehiclesThatCanCarry[required].includes(profile.vehicleType),
  );
  const lastIsFresh =
    profile.lastLat !== null &&
    profile.lastLng !== null &&
    profile.lastPositionAt !== null &&
    Date.now() - profile.lastPositionAt.getTime() <= LAST_POSITION_FRESH_MS;
  const [origin, originKind]: [TLatLng | null, TLoadBoardOrigin] = opts.position
    ? [opts.position, "device"]
    : lastIsFresh
      ? [{ lat: profile.lastLat!, lng: profile.lastLng! }, "last-position"]
      : profile.baseLat !== null && profile.baseLng !== null
        ? [{ lat: profile.baseLat, lng: profile.baseLng }, "base"]
        : [null, "none"];
  const centre = opts.near ?? origin;
  if (opts.withinMetres !== undefined && !centre) {
    const message = "Choose a place, share your location or set your base to search by distance.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { withinMetres: [message] } });
  }
  const sort: TLoadBoardSort = opts.sort === "distance" && !centre ? "pickup" : opts.sort;
  let after: TCursorRow | undefined;
  if (opts.cursor) {
    [after] = await db.$queryRaw<TCursorRow[]>`
      SELECT ${rankExpression(sort, centre)} AS "rank", ${POSTED} AS "posted", s."id"
      FROM "Shipment" s WHERE s."id" = ${opts.cursor} AND s."postedAt" IS NOT NULL`;
    if (!after) {
      const message = "This page of the board is out of date. Start again from the first page.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { cursor: [message] } });
    }
  }
  const query = db.$queryRaw<TRow[]>(
    loadBoardSql({ ...opts, carriable, capacityKg: profile.capacityKg, origin, centre, sort, after }),
  );
  // cube's `<@` has a constant selectivity estimate (contsel, 0.1 %), so for "nearest within N miles" the planner
  // thinks the radius holds a handful of loads and fetches and sorts all of them (a bitmap scan: 47 ms for the 1,441
  // open loads within 250 miles at 25,000) instead of walking the index nearest first and stopping at the page
  // (1 ms). Without bitmap scans it takes the index walk; the radius still bounds it as an index condition.
  const rows =
    sort === "distance" && opts.withinMetres !== undefined
      ? (await db.$transaction([db.$executeRaw`SET LOCAL enable_bitmapscan = off`, query]))[1]
      : await query;

  if (sort === "distance") {
    rows.sort(
      (a, b) => a.rank - b.rank || b.posted.getTime() - a.posted.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }
  const page = rows.slice(0, opts.limit);
  const loads = page.map(({ rank: _rank, posted: _posted, requiredVehicleType, ...load }) => ({
    ...load,
    requiredVehicleType: requiredVehicleType as VehicleType,
  }));
  return {
    origin: originKind,
    sort,
    loads,
    nextCursor: rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

type TCursorRow = { rank: number; posted: Date; id: string };

/** The value each sort ranks by, as SQL over the alias `s` (lower first, except "rate", higher first). */
function rankExpression(sort: TLoadBoardSort, centre: TLatLng | null): Prisma.Sql {
  switch (sort) {
    case "distance":
      // Chord length between 3-D points: orders exactly like great-circle distance, and is what the index ranks by.
      return Prisma.sql`(${PICKUP_EARTH} <-> ${earthPoint(centre ?? { lat: 0, lng: 0 })})`;
    case "rate":
      return Prisma.sql`${RATE_PER_MILE}::float8`;
    case "pickup":
      return Prisma.sql`extract(epoch from s."pickupWindowStart")::float8`;
  }
}

/**
 * The board's query for resolved inputs: the driver's carriable vehicle types and capacity (kg), the deadhead's
 * origin, the radius and ranking centre, the effective sort and the cursor row's rank. Exported for the EXPLAIN
 * checks in the tests and the benchmark; call loadBoard otherwise.
 */
export function loadBoardSql(
  opts: TLoadBoardInput & {
    carriable: VehicleType[];
    capacityKg: number;
    origin: TLatLng | null;
    centre: TLatLng | null;
    after: TCursorRow | undefined;
  },
): Prisma.Sql {
  const where: Prisma.Sql[] = [
    // Literal, not a parameter: the GiST index is partial on this predicate.
    Prisma.sql`s."status" = 'POSTED'`,
    Prisma.sql`s."requiredVehicleType"::text = ANY(${opts.carriable})`,
    Prisma.sql`s."weightKg" <= ${opts.capacityKg}`,
    // A load whose pick-up window has ended cannot be collected: it leaves the board (acceptLoad refuses it too).
    Prisma.sql`s."pickupWindowEnd" > now()`,
  ];
  if (opts.vehicleType) where.push(Prisma.sql`s."requiredVehicleType"::text = ${opts.vehicleType}`);
  if (opts.destination) where.push(Prisma.sql`s."dropoffRegion" = ANY(${destinationStates(opts.destination)})`);
  if (opts.pickupFrom) where.push(Prisma.sql`s."pickupWindowEnd" > ${opts.pickupFrom}`);
  if (opts.pickupTo) where.push(Prisma.sql`s."pickupWindowStart" < ${opts.pickupTo}`);
  if (opts.minRateCentsPerMile !== undefined) where.push(Prisma.sql`${RATE_PER_MILE} >= ${opts.minRateCentsPerMile}`);
  if (opts.withinMetres !== undefined && opts.centre) {
    // The box (in earthdistance's own metres, a little larger than ours) lets the index find the candidates; the
    // second condition is the rounded deadhead-style distance the driver is shown.
    const boxMetres = ((opts.withinMetres + RADIUS_SLACK_M) * EARTHDISTANCE_RADIUS_M) / EARTH_RADIUS_M + 1;
    where.push(Prisma.sql`earth_box(${earthPoint(opts.centre)}, ${boxMetres}::float8) @> ${PICKUP_EARTH}`);
    where.push(Prisma.sql`${coarseMetresFrom(opts.centre)} <= ${opts.withinMetres}`);
  }

  const key = rankExpression(opts.sort, opts.centre);

  if (opts.after) {
    const { rank: k, posted, id } = opts.after;
    // Rate sorts high to low, distance and pick-up time low to high; then newest posted, then the id (byte order).
    const later = opts.sort === "rate" ? Prisma.sql`${key} < ${k}` : Prisma.sql`${key} > ${k}`;
    where.push(Prisma.sql`(${later} OR (${key} = ${k} AND (${POSTED} < ${posted}
      OR (${POSTED} = ${posted} AND s."id" COLLATE "C" > ${id}))))`);
  }

  const limit = opts.limit + 1; // one more than the page: is there a next page?
  const order =
    opts.sort === "distance"
      ? // The GiST index yields rows nearest first but cannot add the id tie-break (PostgreSQL sorts every row to do
        // that). WITH TIES returns the whole group of equal distances at the cut; loadBoard orders it.
        Prisma.sql`ORDER BY ${key} FETCH FIRST (${limit}::int) ROWS WITH TIES`
      : opts.sort === "rate"
        ? Prisma.sql`ORDER BY ${key} DESC, ${POSTED} DESC, s."id" COLLATE "C" LIMIT ${limit}`
        : Prisma.sql`ORDER BY ${key}, ${POSTED} DESC, s."id" COLLATE "C" LIMIT ${limit}`;

  return Prisma.sql`
    SELECT s."id", s."reference", s."pickupCity", s."dropoffCity", s."dropoffRegion",
           s."pickupWindowStart", s."pickupWindowEnd", s."dropoffWindowStart", s."dropoffWindowEnd",
           s."pickupTimeZone", s."dropoffTimeZone",
           (round(s."distanceKm") * 1000)::int AS "loadedMetres", s."durationMin", s."weightKg",
           s."requiredVehicleType"::text AS "requiredVehicleType", s."driverPayoutCents", s."currency",
           ${RATE_PER_MILE} AS "ratePerMileCents",
           ${opts.origin ? coarseMetresFrom(opts.origin) : Prisma.sql`NULL::int`} AS "deadheadMetres",
           s."cargoDescription", s."postedAt", ${key} AS "rank", ${POSTED} AS "posted"
    FROM "Shipment" s
    WHERE ${Prisma.join(where, " AND ")}
    ${order}`;
}
