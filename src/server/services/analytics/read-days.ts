// Reading a roll-up table for a range of days: the stored days before today plus today computed live with the same
// SQL (roll-up.ts), so both halves have the same columns and every figure is summed the same way.
import { Prisma } from "~/generated/prisma/client";
import type { TAnalyticsRange } from "~/lib/schemas/analytics";
import {
  addDays,
  columns,
  rollUpSelect,
  type TPlatformLive,
  type TRange,
  type TScope,
  type TTable,
  utcDay,
} from "./roll-up";

const tableName: Record<TTable, string> = {
  platform: "AnalyticsPlatformDay",
  shipper: "AnalyticsShipperDay",
  driver: "AnalyticsDriverDay",
  lane: "AnalyticsLaneDay",
  cancel: "AnalyticsCancelDay",
};

/** An inclusive `YYYY-MM-DD` range as half-open instants [from 00:00Z, day after `to` 00:00Z). */
export function toRange(range: TAnalyticsRange): TRange {
  const from = new Date(`${range.from}T00:00:00Z`);
  return { from, to: addDays(new Date(`${range.to}T00:00:00Z`), 1) };
}

/** The range of the same length ending the day before `range` starts: what a page compares with. */
export function previousRange(range: TRange): TRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

/**
 * A subquery (use as `FROM (${daysSql(...)}) d`) with the columns of `table` (roll-up.ts `columns`) for every day
 * of `range` in `scope`: stored rows for the days before `now`'s UTC day, and when the range reaches today, today's
 * rows computed live from the shipments changed since midnight UTC, or when `liveRows` is given, read from it (JSON
 * text of today's rows as roll-up.ts platformLiveSql returns them, or an SQL expression giving it, so a page reads
 * today's shipments once).
 */
export function daysSql(
  table: TTable,
  range: TRange,
  scope: TScope,
  now: Date,
  liveRows?: string | Prisma.Sql,
): Prisma.Sql {
  const today = utcDay(now);
  const storedTo = range.to < today ? range.to : today;
  const filter = scope.shipperId
    ? Prisma.sql`AND "shipperId" = ${scope.shipperId}`
    : scope.driverId
      ? Prisma.sql`AND "driverId" = ${scope.driverId}`
      : Prisma.empty;
  const cols = Prisma.raw(columns[table]);
  const stored = Prisma.sql`SELECT ${cols} FROM ${Prisma.raw(`"${tableName[table]}"`)}
    WHERE day >= ${range.from}::date AND day < ${storedTo}::date ${filter}`;
  if (range.to <= today || range.from > today) return stored;
  if (liveRows !== undefined) {
    return Prisma.sql`${stored} UNION ALL SELECT ${cols}
      FROM json_populate_recordset(NULL::${Prisma.raw(`"${tableName[table]}"`)}, ${liveRows}::json)`;
  }
  const live = rollUpSelect(table, { from: today, to: addDays(today, 1) }, scope);
  return Prisma.sql`${stored} UNION ALL SELECT ${cols} FROM (${live}) AS live(${cols})`;
}

/** `part / whole`, or null when `whole` is 0 (no figure rather than a made-up 0 %). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export const KM_PER_MILE = 1.609344;

/** A `date` column value as `YYYY-MM-DD`. */
export function dayString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** What platformLiveSql returns, each field as its JSON text or an SQL expression that gives it. */
export type TPlatformLiveRef = { [K in keyof TPlatformLive]: string | Prisma.Sql };

/** Today's UTC day as a range when `range` reaches it (its live part), else null. */
export function liveDay(range: TRange, now: Date): TRange | null {
  const today = utcDay(now);
  return range.to <= today || range.from > today ? null : { from: today, to: addDays(today, 1) };
}

/**
 * How many drivers and how many shippers had a row in their roll-up table on some day of `range`: stored days probed
 * per account on the (id, day) primary key, which stays fast however many rows the range holds, plus the ids active
 * today from `live` (roll-up.ts platformLiveSql's JSON text, or SQL expressions giving it): pass it when `range` reaches
 * today (liveDay), else null. Counts accounts
 * whose role is the table's now (an account whose role changed since is left out). One row: `drivers`, `shippers`.
 */
export function activeCountsSql(
  range: TRange,
  now: Date,
  live: Pick<TPlatformLiveRef, "drivers" | "shippers"> | null,
): Prisma.Sql {
  const today = utcDay(now);
  const storedTo = range.to < today ? range.to : today;
  const count = (table: "driver" | "shipper") => {
    const col = Prisma.raw(table === "driver" ? `"driverId"` : `"shipperId"`);
    const name = Prisma.raw(`"${tableName[table]}"`);
    const role = table === "driver" ? "DRIVER" : "SHIPPER";
    const ids = table === "driver" ? live?.drivers : live?.shippers;
    // Today's ids first: a hashed lookup, so the stored days are probed only for accounts not active today.
    const today = ids ? Prisma.sql`u.id IN (SELECT json_array_elements_text(${ids}::json)) OR` : Prisma.empty;
    return Prisma.sql`(SELECT count(*)::int FROM "User" u WHERE u.role = ${role}::"Role" AND (${today}
      EXISTS (SELECT 1 FROM ${name} d WHERE d.${col} = u.id AND d.day >= ${range.from}::date AND d.day < ${storedTo}::date)))`;
  };
  return Prisma.sql`SELECT ${count("driver")} AS drivers, ${count("shipper")} AS shippers`;
}
