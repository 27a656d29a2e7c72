// The driver app's position ingest (POST /api/tracking/pings): each ping checked on its own, then one statement
// that checks their shipments, stores the good ones and moves the shipment's last position forward, then the ETA
// (one read that also claims the publish slot, one write), then at most one `location` event per shipment and
// second (publish-location.ts). Three round trips per batch: each costs Prisma ~1 ms of CPU. A ping's identity is driver + recordedAt, so a replayed
// batch stores nothing twice and answers `duplicate` for what is already held.
import { AVERAGE_SPEED_KMH } from "~/lib/geo";
import { estimateArrival, RECENT_SPEED_WINDOW_MS } from "~/lib/eta";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import {
  PING_FUTURE_SKEW_MS,
  PING_MAX_AGE_MS,
  type TPingInput,
  type TPingResult,
  ZPingSchema,
} from "~/lib/schemas/tracking";
import { activeStatuses, statusLabel } from "~/lib/shipment-state";
import { db } from "~/server/db";
import { announceArrivingOnce } from "~/server/notifications/arriving-soon";
import { LOCATION_SLOT_FREE, publishClaimedLocation, type TNewestFix } from "./publish-location";

export type TIngestResult = {
  /** One per ping sent, in the order sent. */
  results: TPingResult[];
  /**
   * The ETA (UTC instant) of the shipment of the batch's last accepted ping after this batch, null when unknown or
   * when no ping was accepted.
   */
  etaAt: Date | null;
};

type TShipmentRow = {
  id: string;
  driverId: string | null;
  status: ShipmentStatus;
  etaAt: Date | null;
  trackingToken: string;
  pickupLat: number;
  pickupLng: number;
  dropoffLat: number;
  dropoffLng: number;
};

/** A stored fix: `recordedAt` epoch ms; `moved` when its shipment's last position moved to this batch's fixes. */
type TStoredRow = { shipmentId: string; recordedAt: number; moved: boolean };
type TStoredJson = TStoredRow;

const NOT_YOUR_JOB = "This is not one of your jobs.";

function rejected(recordedAt: number, field: string, message: string): TPingResult {
  return { recordedAt, status: "rejected", field, message };
}

/** What the phone sent as the ping's time, echoed back in its result; 0 when it sent no usable number. */
function sentTime(raw: unknown): number {
  const t = (raw as { recordedAt?: unknown } | null)?.recordedAt;
  return typeof t === "number" && Number.isFinite(t) ? t : 0;
}

/** The ping's shape and time window; the parsed ping, or its rejection (the first problem found). */
function checkPing(raw: unknown, nowMs: number): TPingInput | TPingResult {
  const parsed = ZPingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "ping";
    return rejected(sentTime(raw), field, issue?.message ?? "Not a position fix.");
  }
  const p = parsed.data;
  if (p.recordedAt > nowMs + PING_FUTURE_SKEW_MS) {
    return rejected(p.recordedAt, "recordedAt", "This fix is dated in the future: check the phone's clock.");
  }
  if (p.recordedAt < nowMs - PING_MAX_AGE_MS) {
    return rejected(p.recordedAt, "recordedAt", "This fix is more than 24 hours old and no longer useful.");
  }
  return p;
}

/** A shipment as checkAndStore's JSON carries it: timestamps as ISO strings. */
type TShipmentJson = Omit<TShipmentRow, "etaAt"> & { etaAt: string | null };

/**
 * Checks and stores the fixes in one statement (one round trip instead of a shipment read and then the insert):
 * reads the batch's shipments; inserts each ping whose shipment is this driver's job in an active status (the first
 * of two at one millisecond, as the caller's rule does; a replay of one already held is skipped by the unique key on
 * driver + shipment + recordedAt); and, from the newest stored per shipment, moves the shipment's and the driver's last
 * position, each only forward in time. Returns the shipments read (the caller answers each ping from them with the
 * same rule) and what was stored, each row saying whether its shipment's last position moved.
 */
async function checkAndStore(
  driverId: string,
  pings: TPingInput[],
): Promise<{ shipments: TShipmentRow[]; stored: TStoredRow[] }> {
  const col = <K extends keyof TPingInput>(k: K) => pings.map((p) => p[k] ?? null);
  const [row] = await db.$queryRaw<{ shipments: TShipmentJson[]; stored: TStoredJson[] }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col("shipmentId")}::text[], ${col("lat")}::float8[], ${col("lng")}::float8[], ${col("accuracyM")}::float8[],
        ${col("speedKmh")}::float8[], ${col("headingDeg")}::float8[],
        ${pings.map((p) => new Date(p.recordedAt).toISOString())}::timestamptz[]
      ) WITH ORDINALITY AS t("shipmentId", "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt", "ord")
    ), ships AS (
      SELECT "id", "driverId", "status", "etaAt", "trackingToken", "pickupLat", "pickupLng", "dropoffLat", "dropoffLng",
        "assignedAt"
      FROM "Shipment"
      WHERE "id" IN (SELECT "shipmentId" FROM input)
    ), mine AS (
      SELECT * FROM ships WHERE "driverId" = ${driverId} AND "status"::text = ANY(${[...activeStatuses]}::text[])
    ), accepted AS (
      SELECT DISTINCT ON (i."recordedAt") i.*
      FROM input i JOIN mine s ON s."id" = i."shipmentId"
      ORDER BY i."recordedAt", i."ord"
    ), stored AS (
      INSERT INTO "LocationPing" ("shipmentId", "driverId", "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt")
      SELECT "shipmentId", ${driverId}, "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt" FROM accepted
      ON CONFLICT ("driverId", "shipmentId", "recordedAt") DO NOTHING
      RETURNING "shipmentId", "lat", "lng", "recordedAt"
    ), newest AS (
      SELECT DISTINCT ON ("shipmentId") * FROM stored ORDER BY "shipmentId", "recordedAt" DESC
    ), moved AS (
      UPDATE "Shipment" s SET "lastLat" = n."lat", "lastLng" = n."lng", "lastPositionAt" = n."recordedAt"
      FROM newest n
      WHERE s."id" = n."shipmentId" AND (s."lastPositionAt" IS NULL OR s."lastPositionAt" < n."recordedAt")
      RETURNING s."id"
    ), driver AS (
      UPDATE "DriverProfile" d SET "lastLat" = n."lat", "lastLng" = n."lng", "lastPositionAt" = n."recordedAt"
      FROM (SELECT * FROM stored ORDER BY "recordedAt" DESC LIMIT 1) n
      WHERE d."userId" = ${driverId} AND (d."lastPositionAt" IS NULL OR d."lastPositionAt" < n."recordedAt")
      RETURNING d."userId"
    )
    SELECT
      (SELECT coalesce(json_agg(ships), '[]'::json) FROM ships) AS "shipments",
      (SELECT coalesce(json_agg(json_build_object(
         'shipmentId', "shipmentId",
         'recordedAt', (extract(epoch FROM "recordedAt") * 1000)::float8,
         'moved', "shipmentId" IN (SELECT "id" FROM moved))), '[]'::json) FROM stored) AS "stored"`;
  return {
    shipments: (row?.shipments ?? []).map((s) => ({ ...s, etaAt: s.etaAt === null ? null : new Date(s.etaAt) })),
    stored: row?.stored ?? [],
  };
}

/**
 * The newest fix of shipment `s` and its recent ones, one row of parallel JSON arrays (newest first): a row per fix
 * cost Prisma ~15 µs to decode, 600 of them on every batch; JSON.parse reads the arrays natively (a float8[] column
 * went through postgres-array's JavaScript parser, ~0.6 ms a batch), and PostgreSQL writes each float8 in JSON with
 * the shortest digits that read back to the same double, so no precision is lost. In the same statement,
 * the shipment's `location` publish slot is claimed (publish-location.ts LOCATION_SLOT_FREE), which saves the claim
 * its own round trip.
 */
type TRecentFixes = {
  lats: number[] | null;
  lngs: number[] | null;
  /** recordedAt, epoch ms. */
  times: number[] | null;
  accs: (number | null)[] | null;
  speedKmh: number | null;
  headingDeg: number | null;
  claimed: boolean;
};

/**
 * Recomputes the ETA of shipment `s` from its newest fix and the fixes of the RECENT_SPEED_WINDOW_MS before it
 * (src/lib/eta.ts: recent average speed, else the planning average AVERAGE_SPEED_KMH, which geo.ts uses for every
 * vehicle type), via the pick-up while the job is only ASSIGNED. Written only while that fix is still the
 * shipment's newest, so a slower concurrent batch never overwrites a newer estimate. The read also claims the
 * shipment's `location` publish slot (claimLocationSlot's rule, once a second across instances). Returns the newest
 * fix, the ETA and whether the slot was won (null when the shipment has no fix yet).
 */
async function refreshEta(
  s: TShipmentRow,
): Promise<{ fix: TNewestFix; etaAt: Date | null; slotClaimed: boolean } | null> {
  const [row] = await db.$queryRaw<TRecentFixes[]>`
    WITH claim AS (
      UPDATE "Shipment" SET "locationPublishedAt" = now()
      WHERE "id" = ${s.id} AND ${LOCATION_SLOT_FREE}
      RETURNING "id"
    ), recent AS (
      SELECT p."id", p."lat", p."lng", p."recordedAt", p."accuracyM", p."speedKmh", p."headingDeg"
      FROM "LocationPing" p JOIN "Shipment" s ON s."id" = p."shipmentId"
      WHERE p."shipmentId" = ${s.id}
        AND p."recordedAt" >= s."lastPositionAt" - make_interval(secs => ${RECENT_SPEED_WINDOW_MS / 1000}::float8)
        AND p."recordedAt" <= s."lastPositionAt"
      ORDER BY p."recordedAt" DESC, p."id" DESC
      LIMIT 1000
    )
    SELECT
      json_agg("lat" ORDER BY "recordedAt" DESC, "id" DESC) AS "lats",
      json_agg("lng" ORDER BY "recordedAt" DESC, "id" DESC) AS "lngs",
      json_agg((extract(epoch FROM "recordedAt") * 1000)::float8 ORDER BY "recordedAt" DESC, "id" DESC) AS "times",
      json_agg("accuracyM" ORDER BY "recordedAt" DESC, "id" DESC) AS "accs",
      (array_agg("speedKmh" ORDER BY "recordedAt" DESC, "id" DESC))[1] AS "speedKmh",
      (array_agg("headingDeg" ORDER BY "recordedAt" DESC, "id" DESC))[1] AS "headingDeg",
      EXISTS (SELECT 1 FROM claim) AS "claimed"
    FROM recent`;
  if (!row?.lats || !row.lngs || !row.times || !row.accs || row.lats.length === 0) return null;
  const { lats, lngs, times, accs } = row;
  const newest = { lat: lats[0]!, lng: lngs[0]!, recordedAt: new Date(times[0]!) };
  const eta = estimateArrival({
    position: newest,
    dropoff: { lat: s.dropoffLat, lng: s.dropoffLng },
    via: s.status === "ASSIGNED" ? { lat: s.pickupLat, lng: s.pickupLng } : null,
    recent: times.map((recordedAt, i) => ({ lat: lats[i]!, lng: lngs[i]!, recordedAt, accuracyM: accs[i] ?? null })),
    fallbackSpeedKmh: AVERAGE_SPEED_KMH,
    fromMs: times[0]!,
  });
  const etaAt = eta?.etaAt ?? null;
  // Raw, as the position update is: a fix is not an edit of the shipment, so `updatedAt` stays as it was.
  await db.$executeRaw`
    UPDATE "Shipment" SET "etaAt" = ${etaAt} WHERE "id" = ${s.id} AND "lastPositionAt" = ${newest.recordedAt}`;
  return {
    fix: { ...newest, speedKmh: row.speedKmh, headingDeg: row.headingDeg },
    etaAt,
    slotClaimed: row.claimed,
  };
}

/**
 * Ingests one batch of fixes (`pings`: what the phone sent, unparsed, 1–PING_BATCH_MAX items; the route checks the
 * count) from driver `driverId`. Each ping is checked on its own against ZPingSchema, the time window (at most
 * PING_FUTURE_SKEW_MS ahead of the server clock, at most PING_MAX_AGE_MS old) and its shipment (this driver's job,
 * ASSIGNED, PICKED_UP or IN_TRANSIT; another's job and an unknown id get the same answer); a refused ping gets
 * `rejected` with its `field` and a readable `message`, and never costs the others. The accepted ones are stored
 * in one statement, for the job they were sent for: `stored`, or `duplicate` when the driver already has that fix
 * (a replay; also the second of two at one millisecond in one batch). Then, per shipment whose newest fix this batch moved forward: its ETA, and a
 * `location` event at most once a second (publish-location.ts), awaited but never failing the request.
 *
 * A delivery committed between the shipment check and the insert can let that batch's fixes in; they are harmless
 * (the trail ends a few seconds later) and the next batch is refused.
 *
 * @throws whatever the database throws (the route answers 503 and the phone retries the whole batch, which the
 *   ping identity makes safe).
 */
export async function ingestPings(driverId: string, pings: readonly unknown[]): Promise<TIngestResult> {
  const nowMs = Date.now();
  const results: (TPingResult | null)[] = pings.map(() => null);
  const checked: { index: number; ping: TPingInput }[] = [];
  pings.forEach((raw, index) => {
    const r = checkPing(raw, nowMs);
    if ("status" in r) results[index] = r;
    else checked.push({ index, ping: r });
  });

  // One statement checks the shipments and stores what passes (checkAndStore); the per-ping answers below apply
  // the same rule to the shipments it read, so they say exactly what it stored.
  const { shipments: read, stored } =
    checked.length > 0
      ? await checkAndStore(
          driverId,
          checked.map((c) => c.ping),
        )
      : { shipments: [], stored: [] };
  const shipments = new Map<string, TShipmentRow>(read.map((s) => [s.id, s]));

  const accepted: { index: number; ping: TPingInput }[] = [];
  const seen = new Set<number>();
  for (const c of checked) {
    const s = shipments.get(c.ping.shipmentId);
    const at = c.ping.recordedAt;
    if (!s || s.driverId !== driverId) {
      results[c.index] = rejected(at, "shipmentId", NOT_YOUR_JOB);
    } else if (!activeStatuses.includes(s.status)) {
      results[c.index] = rejected(
        at,
        "shipmentId",
        `This job is ${statusLabel[s.status].toLowerCase()}: positions are shared only until delivery.`,
      );
    } else if (seen.has(at)) {
      results[c.index] = { recordedAt: at, status: "duplicate" };
    } else {
      seen.add(at);
      accepted.push(c);
    }
  }

  const storedAt = new Set(stored.map((r) => r.recordedAt));
  for (const a of accepted) {
    results[a.index] = {
      recordedAt: a.ping.recordedAt,
      status: storedAt.has(a.ping.recordedAt) ? "stored" : "duplicate",
    };
  }

  // The fixes are committed: from here on a failure only leaves the ETA or one event behind (the next batch redoes
  // both), so it is logged, never passed to the phone, which would resend a batch already stored. A batch that only
  // filled in older fixes changes neither the position nor (noticeably) the ETA: nothing to recompute or publish.
  const etas = new Map<string, Date | null>();
  for (const shipmentId of new Set(stored.filter((r) => r.moved).map((r) => r.shipmentId))) {
    const s = shipments.get(shipmentId)!;
    try {
      const fresh = await refreshEta(s);
      if (!fresh) continue;
      etas.set(shipmentId, fresh.etaAt);
      await announceArrivingOnce({
        shipmentId,
        status: s.status,
        etaAt: fresh.etaAt,
        position: fresh.fix,
        dropoff: { lat: s.dropoffLat, lng: s.dropoffLng },
      });
      if (fresh.slotClaimed) {
        await publishClaimedLocation({
          shipmentId,
          driverId,
          trackingToken: s.trackingToken,
          status: s.status,
          pickup: { lat: s.pickupLat, lng: s.pickupLng },
          dropoff: { lat: s.dropoffLat, lng: s.dropoffLng },
          fix: fresh.fix,
          etaAt: fresh.etaAt,
        });
      }
    } catch (error) {
      console.warn(
        `tracking: ETA or location event of ${shipmentId} failed:`,
        error instanceof Error ? error.message : error,
      );
    }
  }

  const lastAccepted = accepted.at(-1)?.ping.shipmentId;
  const etaAt = lastAccepted
    ? etas.has(lastAccepted)
      ? etas.get(lastAccepted)!
      : shipments.get(lastAccepted)!.etaAt
    : null;
  return { results: results as TPingResult[], etaAt };
}
