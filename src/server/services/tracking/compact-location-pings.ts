// Old positions are kept coarse: past 30 days a job's trail needs no more than one fix a minute. The daily cron
// (inngest/functions/compact-location-pings.ts) walks the jobs that still hold finer pings, a batch at a time.
import { db } from "~/server/db";

/** Pings recorded more than this long ago (ms) are compacted: 30 days. */
export const COMPACT_PINGS_OLDER_THAN_MS = 30 * 24 * 3600_000;

/** Shipments compacted per call (each one DELETE over its old pings, in one transaction). */
export const COMPACT_SHIPMENTS_PER_BATCH = 20;

export type TCompactBatch = {
  /** Pings deleted by this call. */
  deleted: number;
  /** The last shipment id this call compacted: pass it as `after` to the next call; null when none was left. */
  cursor: string | null;
  /** No shipment after `after` holds more than one old ping in any minute. */
  done: boolean;
};

/**
 * Compacts the next batch of shipments (ids greater than `after`, in id order, at most `batchSize`, default
 * COMPACT_SHIPMENTS_PER_BATCH) that hold two or more pings recorded before `cutoff` in one UTC minute for one
 * driver: of each (driver, shipment, minute) it keeps the earliest ping and deletes the rest. Pings from `cutoff`
 * on are never touched, nor is the shipment's last position (stored on Shipment). Returns how many were deleted,
 * the cursor for the next call and `done`. Safe to run twice or to resume from any cursor: a compacted minute holds
 * one ping and is not selected again. Throws only on a database error.
 */
export async function compactLocationPings(opts: {
  cutoff: Date;
  after?: string | null;
  batchSize?: number;
}): Promise<TCompactBatch> {
  const batchSize = opts.batchSize ?? COMPACT_SHIPMENTS_PER_BATCH;
  const after = opts.after ?? "";
  const shipments = await db.$queryRaw<{ shipmentId: string }[]>`
    SELECT DISTINCT "shipmentId" FROM "LocationPing"
    WHERE "recordedAt" < ${opts.cutoff} AND "shipmentId" > ${after}
    GROUP BY "shipmentId", "driverId", date_trunc('minute', "recordedAt" AT TIME ZONE 'UTC')
    HAVING count(*) > 1
    ORDER BY "shipmentId"
    LIMIT ${batchSize}`;
  const first = shipments[0]?.shipmentId;
  const last = shipments.at(-1)?.shipmentId;
  if (!first || !last) return { deleted: 0, cursor: null, done: true };
  // One statement over the id range (the shipments in between have nothing to delete): the earliest ping of each
  // minute survives, ties broken by id so two runs agree on which.
  const deleted = await db.$executeRaw`
    DELETE FROM "LocationPing" AS p
    USING (
      SELECT "id", row_number() OVER (
        PARTITION BY "shipmentId", "driverId", date_trunc('minute', "recordedAt" AT TIME ZONE 'UTC')
        ORDER BY "recordedAt", "id"
      ) AS rn
      FROM "LocationPing"
      WHERE "shipmentId" >= ${first} AND "shipmentId" <= ${last} AND "recordedAt" < ${opts.cutoff}
    ) AS ranked
    WHERE p."id" = ranked."id" AND ranked.rn > 1`;
  return { deleted, cursor: last, done: shipments.length < batchSize };
}
