// The driver app's position ingest (POST /api/tracking/pings): each ping checked on its own, then one statement
// that checks their shipments, stores the good ones (for each of the driver's active jobs that may see them: see
// ingestPings) and moves the shipments' last position forward, then the ETA
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
import { M_PER_DEG_LAT, STOP_PRIVACY_M } from "~/lib/stop-privacy";
import { db } from "~/server/db";
import { announceArrivingOnce } from "~/server/notifications/arriving-soon";
import { LOCATION_SLOT_FREE, publishClaimedLocation, type TNewestFix } from "./publish-location";
import { logger } from "~/server/log/logger";
import { googleConfigFromEnv, type TGoogleConfig } from "~/server/integrations/google/config";
import { trafficAwareEta } from "./traffic-eta";

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
const KEPT_PRIVATE =
  "Not shared: this position is within 1 km of a stop of another of your jobs, from before you took that job.";

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
 * reads the batch's shipments and all of the driver's active jobs; accepts each ping whose shipment is this driver's
 * job in an active status (the first of two at one millisecond, as the caller's rule does); stores each accepted fix
 * for every job the sharing rule of ingestPings gives it to (a replay of one already held is skipped by the unique key
 * on driver + shipment + recordedAt); and, from the newest stored per shipment, moves the shipment's and the driver's
 * last position, each only forward in time. Returns the shipments read (the caller answers each ping from them with
 * the same rule), what was stored, each row saying whether its shipment's last position moved, and the accepted
 * fixes (epoch ms) that the rule gave to no job.
 */
async function checkAndStore(
  driverId: string,
  pings: TPingInput[],
): Promise<{ shipments: TShipmentRow[]; stored: TStoredRow[]; heldBack: number[] }> {
  const col = <K extends keyof TPingInput>(k: K) => pings.map((p) => p[k] ?? null);
  // The privacy square of src/lib/stop-privacy.ts (privacySquare), around each stop of the job `m`.
  const dLat = STOP_PRIVACY_M / M_PER_DEG_LAT;
  const [row] = await db.$queryRaw<{ shipments: TShipmentJson[]; stored: TStoredJson[]; heldBack: number[] }[]>`
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
        OR ("driverId" = ${driverId} AND "status"::text = ANY(${[...activeStatuses]}::text[]))
    ), mine AS (
      SELECT * FROM ships WHERE "driverId" = ${driverId} AND "status"::text = ANY(${[...activeStatuses]}::text[])
    ), accepted AS (
      SELECT DISTINCT ON (i."recordedAt") i.*
      FROM input i JOIN mine s ON s."id" = i."shipmentId"
      ORDER BY i."recordedAt", i."ord"
    ), placed AS (
      -- Each accepted fix against each of the driver's active jobs: is it the job it was sent for, and is it within
      -- the privacy square of that job's pick-up or drop-off?
      SELECT a."recordedAt", m."id" AS "jobId", m."id" = a."shipmentId" AS "sentFor", m."assignedAt",
        (abs(a."lat" - m."pickupLat") <= ${dLat}::float8 AND abs(a."lng" - m."pickupLng") <= least(1,
            ${STOP_PRIVACY_M}::float8 / (${M_PER_DEG_LAT}::float8 * greatest(cos(radians(m."pickupLat")), 1e-6))))
        OR (abs(a."lat" - m."dropoffLat") <= ${dLat}::float8 AND abs(a."lng" - m."dropoffLng") <= least(1,
            ${STOP_PRIVACY_M}::float8 / (${M_PER_DEG_LAT}::float8 * greatest(cos(radians(m."dropoffLat")), 1e-6))))
          AS "nearOwnStop"
      FROM accepted a CROSS JOIN mine m
    ), targets AS (
      SELECT a.*, p."jobId"
      FROM accepted a JOIN placed p ON p."recordedAt" = a."recordedAt"
      WHERE (p."sentFor" OR a."recordedAt" >= p."assignedAt")
        AND (p."nearOwnStop" OR NOT EXISTS (
          SELECT 1 FROM placed o WHERE o."recordedAt" = p."recordedAt" AND o."jobId" <> p."jobId" AND o."nearOwnStop"))
    ), stored AS (
      INSERT INTO "LocationPing" ("shipmentId", "driverId", "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt")
      SELECT "jobId", ${driverId}, "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt" FROM targets
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
         'moved', "shipmentId" IN (SELECT "id" FROM moved))), '[]'::json) FROM stored) AS "stored",
      (SELECT coalesce(json_agg((extract(epoch FROM a."recordedAt") * 1000)::float8), '[]'::json)
       FROM accepted a WHERE NOT EXISTS (SELECT 1 FROM targets t WHERE t."recordedAt" = a."recordedAt")) AS "heldBack"`;
  return {
    shipments: (row?.shipments ?? []).map((s) => ({ ...s, etaAt: s.etaAt === null ? null : new Date(s.etaAt) })),
    stored: row?.stored ?? [],
    heldBack: row?.heldBack ?? [],
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
 * fix, the ETA and whether the slot was won (null when the shipment has no fix yet). With `google` (a key is set)
 * and the load on board, the ETA is Google's traffic-aware one instead (traffic-eta.ts: cached 5 minutes per
 * shipment), falling back to the estimate when Google gives none.
 */
async function refreshEta(
  s: TShipmentRow,
  google: TGoogleConfig | null,
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
  // On the way to the drop-off with a Google key: Google's traffic-aware time from this fix (asked at most every
  // TRAFFIC_ETA_TTL_SEC per shipment), else the average-speed estimate. On the way to the pick-up, the estimate.
  const traffic =
    google && s.status !== "ASSIGNED"
      ? await trafficAwareEta({
          google,
          shipmentId: s.id,
          position: newest,
          dropoff: { lat: s.dropoffLat, lng: s.dropoffLng },
          fromMs: times[0]!,
        })
      : null;
  const etaAt = traffic?.etaAt ?? eta?.etaAt ?? null;
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
 * in one statement: `stored`, or `duplicate` when the driver already has that fix (a replay; also the second of two
 * at one millisecond in one batch). Then, per shipment whose newest fix this batch moved forward: its ETA, and a
 * `location` event at most once a second (publish-location.ts), awaited but never failing the request.
 *
 * Which jobs a fix is stored for. The phone sends each fix for the job whose page watches the position, but the
 * truck carries every active job of its driver (say one IN_TRANSIT and one ASSIGNED, on the way to its pick-up), so
 * each job's parties should see it move whatever page is open. A fix is therefore stored for each of the driver's
 * active jobs (ASSIGNED, PICKED_UP, IN_TRANSIT), with two exceptions that keep one shipper from seeing another's
 * customers (a trail near a stop draws its street address; src/lib/stop-privacy.ts):
 * - a fix within the privacy square (±STOP_PRIVACY_M, 1 km) of a pick-up or drop-off of ANOTHER of the driver's
 *   active jobs is not stored for a job, unless it is also within the square of that job's own pick-up or drop-off
 *   (a place its parties know already). This applies to the job it was sent for too: at the other job's customer,
 *   the fix goes to that job only;
 * - a fix recorded before a job's `assignedAt` (a replay from an offline phone) is not stored for that job, unless
 *   it was sent for it (as before: the job's page was watching).
 * A fix that the rule gives to no job (it was near the stop of a job taken after it) is answered `rejected` (field
 * `lat`), so the phone drops it. Each job stores it under its own id: its trail, last position, ETA and `location`
 * events are its own, and releasing a job clears only that job's position.
 *
 * A delivery committed between the shipment check and the insert can let that batch's fixes in; they are harmless
 * (the trail ends a few seconds later) and the next batch is refused.
 *
 * `opts.google`: the Google configuration for the traffic-aware ETA (default: from the environment; null: none).
 *
 * @throws whatever the database throws (the route answers 503 and the phone retries the whole batch, which the
 *   ping identity makes safe).
 */
export async function ingestPings(
  driverId: string,
  pings: readonly unknown[],
  opts: { google?: TGoogleConfig | null } = {},
): Promise<TIngestResult> {
  const google = opts.google === undefined ? googleConfigFromEnv() : opts.google;
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
  const {
    shipments: read,
    stored,
    heldBack,
  } = checked.length > 0
    ? await checkAndStore(
        driverId,
        checked.map((c) => c.ping),
      )
    : { shipments: [], stored: [], heldBack: [] };
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
  const held = new Set(heldBack);
  for (const a of accepted) {
    const at = a.ping.recordedAt;
    results[a.index] = held.has(at)
      ? rejected(at, "lat", KEPT_PRIVATE)
      : { recordedAt: at, status: storedAt.has(at) ? "stored" : "duplicate" };
  }

  // The fixes are committed: from here on a failure only leaves the ETA or one event behind (the next batch redoes
  // both), so it is logged, never passed to the phone, which would resend a batch already stored. A batch that only
  // filled in older fixes changes neither the position nor (noticeably) the ETA: nothing to recompute or publish.
  const etas = new Map<string, Date | null>();
  for (const shipmentId of new Set(stored.filter((r) => r.moved).map((r) => r.shipmentId))) {
    const s = shipments.get(shipmentId)!;
    try {
      const fresh = await refreshEta(s, google);
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
      logger.warn({ module: "tracking", shipmentId, err: error }, "tracking: ETA or location event failed");
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
