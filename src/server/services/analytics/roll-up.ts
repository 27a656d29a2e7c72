// The analytics roll-up: each UTC calendar day's activity summed into the Analytics*Day tables, and the same SQL
// run live over today. Days are UTC (00:00–24:00 Z), the same for every user, so a day's figures never depend on
// who looks; pages say so. Every figure is counted on the day its event happened:
//   posted on postedAt; accepted (and time to fill, assignedAt − postedAt) on assignedAt; delivered, money, miles
//   and on-time on deliveredAt (loads DELIVERED or COMPLETED); cancelled on cancelledAt (loads CANCELLED).
// On time: picked up by the end of the pick-up window, delivered by the end of the drop-off window.
// Deadhead (empty) distance is not recorded by the app, so it is estimated: the great-circle distance to a load's
// pick-up from the drop-off of the driver's previous delivered load when that was delivered in the 24 hours before
// this pick-up, else from the driver's base when one is set, else 0. It understates road miles (no road factor).
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { db } from "~/server/db";

const DAY_MS = 86_400_000;

/** The UTC midnight starting the day that contains `at`. */
export function utcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** `day` plus `n` whole days. */
export function addDays(day: Date, n: number): Date {
  return new Date(day.getTime() + n * DAY_MS);
}

/** A half-open range of instants [from, to); `from` and `to` are UTC midnights for whole days. */
export type TRange = { from: Date; to: Date };

/** Whose activity: everyone, one shipper's loads or one driver's. */
export type TScope = { shipperId?: string; driverId?: string };

const R = 6371; // mean Earth radius, km

function scopeSql(alias: string, scope: TScope): Prisma.Sql {
  const a = Prisma.raw(alias);
  if (scope.shipperId) return Prisma.sql`AND ${a}."shipperId" = ${scope.shipperId}`;
  if (scope.driverId) return Prisma.sql`AND ${a}."driverId" = ${scope.driverId}`;
  return Prisma.empty;
}

/** The shipment columns the roll-up reads: only these, so the events a page reads live stay narrow rows. */
const shipmentColumns = Prisma.raw(
  [
    "id",
    "status",
    "shipperId",
    "driverId",
    "postedAt",
    "assignedAt",
    "pickedUpAt",
    "deliveredAt",
    "cancelledAt",
    "pickupWindowEnd",
    "dropoffWindowEnd",
    "priceCents",
    "platformFeeCents",
    "driverPayoutCents",
    "distanceKm",
    "pickupCity",
    "pickupRegion",
    "dropoffCity",
    "dropoffRegion",
    "cancelReason",
  ]
    .map((c) => `x."${c}"`)
    .join(", "),
);

/**
 * `WITH s, dh, ev`: `ev` has one row per event (kind posted | accepted | delivered | cancelled) in `range`, with the
 * shipment's columns the roll-up reads (shipmentColumns), its UTC `day`, and for deliveries the estimated deadhead
 * `dh_km`. Shipments are read through "updatedAt" >= range.from (every event write bumps updatedAt, so this is a
 * superset), which keeps a run over recent days on the updatedAt index.
 */
function eventsCte(range: TRange, scope: TScope, deadhead: boolean): Prisma.Sql {
  const { from, to } = range;
  const lookBack = addDays(from, -1);
  const deadheadCtes = Prisma.sql`, dh AS (
      SELECT p.id, p."driverId", p."pickedUpAt", p."pickupLat", p."pickupLng",
        lag(p."dropoffLat") OVER w AS prev_lat, lag(p."dropoffLng") OVER w AS prev_lng,
        lag(p."deliveredAt") OVER w AS prev_at
      FROM "Shipment" p
      WHERE p."updatedAt" >= ${lookBack} AND p."deliveredAt" >= ${lookBack} AND p."deliveredAt" < ${to}
        AND p.status IN ('DELIVERED', 'COMPLETED') AND p."driverId" IS NOT NULL ${scopeSql("p", { driverId: scope.driverId })}
      WINDOW w AS (PARTITION BY p."driverId" ORDER BY p."pickedUpAt", p.id)
    ), dhk AS (
      SELECT dh.id, 2 * ${R} * asin(sqrt(
          power(sin(radians(o.lat - dh."pickupLat") / 2), 2)
          + cos(radians(dh."pickupLat")) * cos(radians(o.lat)) * power(sin(radians(o.lng - dh."pickupLng") / 2), 2)))
        AS km
      FROM dh
      LEFT JOIN "DriverProfile" b ON b."userId" = dh."driverId"
      CROSS JOIN LATERAL (SELECT
          CASE WHEN dh.prev_at >= dh."pickedUpAt" - interval '24 hours' THEN dh.prev_lat ELSE b."baseLat" END AS lat,
          CASE WHEN dh.prev_at >= dh."pickedUpAt" - interval '24 hours' THEN dh.prev_lng ELSE b."baseLng" END AS lng) o
      WHERE o.lat IS NOT NULL AND o.lng IS NOT NULL
    )`;
  return Prisma.sql`WITH s AS (
      SELECT ${shipmentColumns} FROM "Shipment" x WHERE x."updatedAt" >= ${from} ${scopeSql("x", scope)}
    )${deadhead ? deadheadCtes : Prisma.empty}, ev AS (
      SELECT s.*, e.kind, (e.at AT TIME ZONE 'UTC')::date AS day,
        ${deadhead ? Prisma.sql`CASE WHEN e.kind = 'delivered' THEN COALESCE(dhk.km, 0) ELSE 0 END` : Prisma.sql`0`} AS dh_km
      FROM s CROSS JOIN LATERAL (VALUES
          ('posted', s."postedAt"), ('accepted', s."assignedAt"), ('delivered', s."deliveredAt"), ('cancelled', s."cancelledAt")
        ) e(kind, at)
      ${deadhead ? Prisma.sql`LEFT JOIN dhk ON dhk.id = s.id` : Prisma.empty}
      WHERE e.at >= ${from} AND e.at < ${to}
        AND CASE e.kind
          WHEN 'delivered' THEN s.status IN ('DELIVERED', 'COMPLETED')
          WHEN 'cancelled' THEN s.status = 'CANCELLED'
          ELSE true END
    )`;
}

const onTimePickup = Prisma.sql`count(*) FILTER (WHERE kind = 'delivered' AND "pickedUpAt" <= "pickupWindowEnd")::int`;
const onTimeDelivery = Prisma.sql`count(*) FILTER (WHERE kind = 'delivered' AND "deliveredAt" <= "dropoffWindowEnd")::int`;
const fill = Prisma.sql`COALESCE(round(sum(extract(epoch FROM "assignedAt" - "postedAt")) FILTER (WHERE kind = 'accepted' AND "postedAt" IS NOT NULL)), 0)::bigint`;
const n = (kind: string) => Prisma.sql`count(*) FILTER (WHERE kind = ${kind})::int`;
const delivered = (col: string) =>
  Prisma.sql`COALESCE(sum(${Prisma.raw(`"${col}"`)}) FILTER (WHERE kind = 'delivered'), 0)::bigint`;

/** Column lists of each table, in the order the SELECTs below produce them. */
export const columns = {
  platform: `day, posted, accepted, delivered, cancelled, "gmvCents", "revenueCents", "fillSeconds", "onTimePickups", "onTimeDeliveries"`,
  shipper: `"shipperId", day, posted, accepted, delivered, cancelled, "spendCents", "fillSeconds", "onTimePickups", "onTimeDeliveries"`,
  driver: `"driverId", day, accepted, delivered, "earningsCents", "loadedKm", "deadheadKm", "onTimePickups", "onTimeDeliveries"`,
  lane: `day, "shipperId", "driverId", origin, destination, delivered, "priceCents", "payoutCents", km`,
  cancel: `day, reason, cancelled`,
} as const;

export type TTable = keyof typeof columns;

/** The roll-up rows of `table` for the days in `range` and `scope`, computed from the shipments (columns[table]). */
export function rollUpSelect(table: TTable, range: TRange, scope: TScope = {}): Prisma.Sql {
  return Prisma.sql`${eventsCte(range, scope, table === "driver")} ${aggregateSql(table)}`;
}

/** `table`'s rows (columns[table]) summed from the events CTE `ev` (eventsCte). */
function aggregateSql(table: TTable): Prisma.Sql {
  switch (table) {
    case "platform":
      return Prisma.sql`SELECT day, ${n("posted")}, ${n("accepted")}, ${n("delivered")}, ${n("cancelled")},
        ${delivered("priceCents")}, ${delivered("platformFeeCents")}, ${fill}, ${onTimePickup}, ${onTimeDelivery}
        FROM ev GROUP BY day`;
    case "shipper":
      return Prisma.sql`SELECT "shipperId", day, ${n("posted")}, ${n("accepted")}, ${n("delivered")},
        ${n("cancelled")}, ${delivered("priceCents")}, ${fill}, ${onTimePickup}, ${onTimeDelivery}
        FROM ev GROUP BY "shipperId", day`;
    case "driver":
      return Prisma.sql`SELECT "driverId", day, ${n("accepted")}, ${n("delivered")},
        ${delivered("driverPayoutCents")},
        COALESCE(sum("distanceKm") FILTER (WHERE kind = 'delivered'), 0)::float8,
        COALESCE(sum(dh_km) FILTER (WHERE kind = 'delivered'), 0)::float8, ${onTimePickup}, ${onTimeDelivery}
        FROM ev WHERE "driverId" IS NOT NULL AND kind IN ('accepted', 'delivered') GROUP BY "driverId", day`;
    case "lane":
      return Prisma.sql`SELECT day, "shipperId", "driverId",
        "pickupCity" || COALESCE(', ' || "pickupRegion", '') AS origin,
        "dropoffCity" || COALESCE(', ' || "dropoffRegion", '') AS destination,
        count(*)::int, sum("priceCents")::bigint, sum("driverPayoutCents")::bigint, sum("distanceKm")::float8
        FROM ev WHERE kind = 'delivered' AND "driverId" IS NOT NULL GROUP BY 1, 2, 3, 4, 5`;
    case "cancel":
      return Prisma.sql`SELECT day, left(COALESCE(NULLIF(btrim("cancelReason"), ''), 'No reason given'), 120),
        count(*)::int FROM ev WHERE kind = 'cancelled' GROUP BY 1, 2`;
  }
}

/**
 * Today's live rows for the admin page from one read of the shipments, each as JSON text (an array): `platform` and
 * `cancel`, the rows rollUpSelect("platform" | "cancel") gives for `day` (keyed by columns[table]'s names; none
 * without activity); `drivers` and `shippers`, the ids that have a row in the driver / shipper roll-up that day.
 * `day` is one whole UTC day (a UTC midnight). The same figures as the roll-up's, but each event is a flag on its
 * shipment's row rather than a row of its own, and the deadhead estimate (only the driver table's figures need it)
 * is skipped: this read is on the admin page's critical path. Throws RangeError when `day` is not a UTC midnight.
 */
export function platformLiveSql(day: Date): Prisma.Sql {
  if (utcDay(day).getTime() !== day.getTime()) throw new RangeError("platformLiveSql takes a UTC midnight");
  const to = addDays(day, 1);
  const within = (col: string) =>
    Prisma.sql`(x.${Prisma.raw(`"${col}"`)} >= ${day} AND x.${Prisma.raw(`"${col}"`)} < ${to})`;
  // p, a, d, c: the shipment was posted / accepted / delivered / cancelled on `day` (eventsCte's rules per kind).
  return Prisma.sql`WITH s AS (
      SELECT x."shipperId", x."driverId", x."postedAt", x."assignedAt", x."pickedUpAt", x."deliveredAt",
        x."pickupWindowEnd", x."dropoffWindowEnd", x."priceCents", x."platformFeeCents", x."cancelReason",
        ${within("postedAt")} AS p, ${within("assignedAt")} AS a,
        (${within("deliveredAt")} AND x.status IN ('DELIVERED', 'COMPLETED')) AS d,
        (${within("cancelledAt")} AND x.status = 'CANCELLED') AS c
      FROM "Shipment" x WHERE x."updatedAt" >= ${day}
    ), p(${Prisma.raw(columns.platform)}) AS (
      SELECT ${day}::date, count(*) FILTER (WHERE p)::int, count(*) FILTER (WHERE a)::int,
        count(*) FILTER (WHERE d)::int, count(*) FILTER (WHERE c)::int,
        COALESCE(sum("priceCents") FILTER (WHERE d), 0)::bigint,
        COALESCE(sum("platformFeeCents") FILTER (WHERE d), 0)::bigint,
        COALESCE(round(sum(extract(epoch FROM "assignedAt" - "postedAt")) FILTER (WHERE a AND "postedAt" IS NOT NULL)), 0)::bigint,
        count(*) FILTER (WHERE d AND "pickedUpAt" <= "pickupWindowEnd")::int,
        count(*) FILTER (WHERE d AND "deliveredAt" <= "dropoffWindowEnd")::int
      FROM s HAVING bool_or(p OR a OR d OR c)
    ), c(${Prisma.raw(columns.cancel)}) AS (
      SELECT ${day}::date, left(COALESCE(NULLIF(btrim("cancelReason"), ''), 'No reason given'), 120), count(*)::int
      FROM s WHERE c GROUP BY 2
    )
    SELECT (SELECT COALESCE(json_agg(p), '[]') FROM p)::text AS platform,
      (SELECT COALESCE(json_agg(c), '[]') FROM c)::text AS cancel,
      (SELECT COALESCE(json_agg(DISTINCT "driverId"), '[]') FROM s WHERE "driverId" IS NOT NULL AND (a OR d))::text AS drivers,
      (SELECT COALESCE(json_agg(DISTINCT "shipperId"), '[]') FROM s WHERE p OR a OR d OR c)::text AS shippers`;
}

/** What platformLiveSql returns: JSON text arrays. */
export type TPlatformLive = { platform: string; cancel: string; drivers: string; shippers: string };

const tableName: Record<TTable, string> = {
  platform: "AnalyticsPlatformDay",
  shipper: "AnalyticsShipperDay",
  driver: "AnalyticsDriverDay",
  lane: "AnalyticsLaneDay",
  cancel: "AnalyticsCancelDay",
};

/**
 * Recomputes the stored roll-up for the whole UTC days in `range` (`from` and `to` UTC midnights, `to` exclusive):
 * in one transaction, deletes those days' rows from every Analytics*Day table and inserts them afresh from the
 * shipments. Idempotent: running it twice leaves the same rows. Returns the rows written per table. `client` is the
 * app's database unless given (the seed passes its own).
 * Throws RangeError when `from`/`to` are not UTC midnights or `to` <= `from`.
 */
export async function rollUpDays(range: TRange, client: PrismaClient = db): Promise<Record<TTable, number>> {
  const { from, to } = range;
  if (utcDay(from).getTime() !== from.getTime() || utcDay(to).getTime() !== to.getTime() || to <= from) {
    throw new RangeError("rollUpDays takes whole UTC days");
  }
  const tables = Object.keys(tableName) as TTable[];
  const counts = await client.$transaction(
    async (tx) => {
      const written: number[] = [];
      for (const table of tables) {
        const name = Prisma.raw(`"${tableName[table]}"`);
        await tx.$executeRaw`DELETE FROM ${name} WHERE day >= ${from}::date AND day < ${to}::date`;
        written.push(
          await tx.$executeRaw`INSERT INTO ${name} (${Prisma.raw(columns[table])}) ${rollUpSelect(table, range)}`,
        );
      }
      return written;
    },
    { timeout: 10 * 60_000 },
  );
  return Object.fromEntries(tables.map((t, i) => [t, counts[i] ?? 0])) as Record<TTable, number>;
}

/** Days the cron recomputes behind today: late writes (a delivery stamped before midnight) land in them. */
export const ROLL_UP_DAYS_BACK = 3;

/**
 * What the roll-up-analytics cron runs: recomputes the ROLL_UP_DAYS_BACK whole UTC days before `now`'s day.
 * Today itself is never stored; the analytics queries compute it live.
 */
export async function rollUpRecentDays(opts: { now: Date }): Promise<{ from: string; to: string; rows: number }> {
  const to = utcDay(opts.now);
  const from = addDays(to, -ROLL_UP_DAYS_BACK);
  const written = await rollUpDays({ from, to });
  return {
    from: from.toISOString().slice(0, 10),
    to: to.toISOString().slice(0, 10),
    rows: Object.values(written).reduce((a, b) => a + b, 0),
  };
}
