// The analytics pages with a million shipments (issue 14 §2: "each analytics query under 50 ms at that size"), in a
// scratch PostgreSQL database created and dropped by this run:
//   - fills 1,000,000 shipments over the last 365 days with generate_series (200 shippers, 1,000 drivers, 30 cities;
//     mostly delivered, some cancelled, posted or under way; the newest change today, so "today" is live work);
//   - runs the roll-up over every day (rollUpDays), timed;
//   - times each page's service call, all its queries, one call at a time from random users: analytics.shipper,
//     analytics.driver, analytics.admin (last 90 days, today included, so the live part runs too) and the 365-day
//     variants, each as p50 and p95 in ms;
//   - analytics.floor.select1: `SELECT 1` through the same Prisma client, the floor of any query on this machine.
// The trigram and GiST search indexes are dropped before the fill (no analytics query reads them; building them
// for a million rows would triple the fill time). Prints `BENCH <name> <value> <unit>` lines.
// Standalone: `npm run bench:analytics` (BENCH_PG_SERVER_URL names the server, default local PostgreSQL;
// BENCH_ANALYTICS_SHIPMENTS and BENCH_ANALYTICS_RUNS change the size and the number of timed calls;
// BENCH_ANALYTICS_KEEP=1 keeps the scratch database, printing its name, to EXPLAIN queries against it: drop it after).
import "../local-env";

import { randomBytes } from "node:crypto";

import pg from "pg";

import { deployMigrations } from "../db/engine";
import { bench, percentile } from "./harness";

const SHIPMENTS = Number(process.env.BENCH_ANALYTICS_SHIPMENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 200);
const SHIPPERS = 200;
const DRIVERS = 1_000;
const SERVER = process.env.BENCH_PG_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const CITIES: [string, string, number, number][] = [
  ["Chicago", "IL", 41.8781, -87.6298],
  ["Detroit", "MI", 42.3314, -83.0458],
  ["Milwaukee", "WI", 43.0389, -87.9065],
  ["Indianapolis", "IN", 39.7684, -86.1581],
  ["Columbus", "OH", 39.9612, -82.9988],
  ["St. Louis", "MO", 38.627, -90.1994],
  ["Minneapolis", "MN", 44.9778, -93.265],
  ["Kansas City", "MO", 39.0997, -94.5786],
  ["Dallas", "TX", 32.7767, -96.797],
  ["Houston", "TX", 29.7604, -95.3698],
  ["Atlanta", "GA", 33.749, -84.388],
  ["Nashville", "TN", 36.1627, -86.7816],
  ["Memphis", "TN", 35.1495, -90.049],
  ["Louisville", "KY", 38.2527, -85.7585],
  ["Cincinnati", "OH", 39.1031, -84.512],
  ["Cleveland", "OH", 41.4993, -81.6944],
  ["Pittsburgh", "PA", 40.4406, -79.9959],
  ["Philadelphia", "PA", 39.9526, -75.1652],
  ["New York", "NY", 40.7128, -74.006],
  ["Charlotte", "NC", 35.2271, -80.8431],
  ["Denver", "CO", 39.7392, -104.9903],
  ["Phoenix", "AZ", 33.4484, -112.074],
  ["Los Angeles", "CA", 34.0522, -118.2437],
  ["Seattle", "WA", 47.6062, -122.3321],
  ["Omaha", "NE", 41.2565, -95.9345],
  ["Des Moines", "IA", 41.5868, -93.625],
  ["Oklahoma City", "OK", 35.4676, -97.5164],
  ["San Antonio", "TX", 29.4241, -98.4936],
  ["Jacksonville", "FL", 30.3322, -81.6557],
  ["Orlando", "FL", 28.5383, -81.3792],
];

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function fill(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`SELECT setseed(0.14)`);
    for (const idx of [
      "Shipment_reference_trgm_idx",
      "Shipment_pickupCity_trgm_idx",
      "Shipment_dropoffCity_trgm_idx",
      "Shipment_pickupAddress_trgm_idx",
      "Shipment_dropoffAddress_trgm_idx",
      "Shipment_open_pickup_earth_idx",
    ]) {
      await c.query(`DROP INDEX IF EXISTS "${idx}"`);
    }
    await c.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "emailVerifiedAt", "updatedAt")
      SELECT 'bs-' || g, 'bs-' || g || '@bench.local', 'Bench Shipper ' || g, 'SHIPPER'::"Role", 'x', now(), now()
      FROM generate_series(1, ${SHIPPERS}) g
      UNION ALL
      SELECT 'bd-' || g, 'bd-' || g || '@bench.local', 'Bench Driver ' || g, 'DRIVER'::"Role", 'x', now(), now()
      FROM generate_series(1, ${DRIVERS}) g`);
    await c.query(`INSERT INTO "DriverProfile" ("userId", "vehicleType", "capacityKg", plate, "updatedAt",
        "ratingAvg", "ratingCount", "baseLat", "baseLng")
      SELECT 'bd-' || g, 'SEMI', 20000, 'BENCH-' || g, now(), 3.5 + random() * 1.5, (random() * 80)::int,
        30 + random() * 15, -120 + random() * 40
      FROM generate_series(1, ${DRIVERS}) g`);
    await c.query(`CREATE TEMP TABLE city (i int PRIMARY KEY, name text, region text, lat float8, lng float8)`);
    await c.query(
      `INSERT INTO city SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[])`,
      [
        CITIES.map((_, i) => i),
        CITIES.map((x) => x[0]),
        CITIES.map((x) => x[1]),
        CITIES.map((x) => x[2]),
        CITIES.map((x) => x[3]),
      ],
    );
    // Status by g: 70 % delivered or completed, 10 % cancelled, 8 % posted, 12 % under way; the newest row is
    // created 2 hours ago, the oldest 365 days ago; every timestamp is capped at now().
    await c.query(`INSERT INTO "Shipment" (id, reference, status, "shipperId", "driverId",
        "pickupAddress", "pickupCity", "pickupRegion", "pickupLat", "pickupLng", "pickupWindowStart", "pickupWindowEnd",
        "dropoffAddress", "dropoffCity", "dropoffRegion", "dropoffLat", "dropoffLng", "dropoffWindowStart",
        "dropoffWindowEnd", "cargoDescription", "weightKg", "requiredVehicleType", "distanceKm", "durationMin",
        "priceCents", "platformFeeCents", "driverPayoutCents", "recipientName", "trackingToken", "cancelReason",
        "createdAt", "postedAt", "assignedAt", "pickedUpAt", "deliveredAt", "completedAt", "cancelledAt", "updatedAt")
      SELECT 'bench-' || g, 'TA-' || lpad(g::text, 8, '0'), t.status::"ShipmentStatus",
        'bs-' || (1 + g % ${SHIPPERS}),
        CASE WHEN t.status IN ('POSTED', 'CANCELLED') THEN NULL ELSE 'bd-' || (1 + (g * 7) % ${DRIVERS}) END,
        '1 Main St', o.name, o.region, o.lat, o.lng, t.pws, t.pws + interval '4 hours',
        '2 Main St', d.name, d.region, d.lat, d.lng, t.pws + interval '10 hours', t.pws + interval '16 hours',
        'Pallets', 1000, 'SEMI', t.km, (t.km * 1.1)::int,
        t.price, (t.price * 0.15)::int, t.price - (t.price * 0.15)::int, 'Bench Recipient', 'bench-token-' || g,
        CASE WHEN t.status = 'CANCELLED' THEN (ARRAY['Plans changed', 'Found another carrier', 'Load not ready', NULL])[1 + g % 4] END,
        t.created, LEAST(t.created + interval '10 minutes', now()),
        CASE WHEN t.status IN ('POSTED', 'CANCELLED') THEN NULL ELSE LEAST(t.assigned, now()) END,
        CASE WHEN t.status IN ('DELIVERED', 'COMPLETED', 'IN_TRANSIT', 'PICKED_UP') THEN LEAST(t.picked, now()) END,
        CASE WHEN t.status IN ('DELIVERED', 'COMPLETED') THEN LEAST(t.delivered, now()) END,
        CASE WHEN t.status = 'COMPLETED' THEN LEAST(t.delivered + interval '1 day', now()) END,
        CASE WHEN t.status = 'CANCELLED' THEN LEAST(t.created + interval '5 hours', now()) END,
        LEAST(t.delivered + interval '1 day', now())
      FROM generate_series(1, ${SHIPMENTS}) g
      CROSS JOIN LATERAL (SELECT
          CASE WHEN g % 100 < 45 THEN 'COMPLETED' WHEN g % 100 < 70 THEN 'DELIVERED' WHEN g % 100 < 80 THEN 'CANCELLED'
            WHEN g % 100 < 88 THEN 'POSTED' WHEN g % 100 < 94 THEN 'ASSIGNED' ELSE 'IN_TRANSIT' END AS status,
          now() - interval '2 hours' - (g::float8 / ${SHIPMENTS}) * interval '365 days' AS created,
          200 + random() * 1800 AS km,
          (50000 + random() * 400000)::int AS price,
          g % 30 AS oi, (g * 13 + 7) % 30 AS di, random() AS r1, random() AS r2) t0
      CROSS JOIN LATERAL (SELECT t0.*, t0.created + interval '10 minutes' + t0.r1 * interval '8 hours' AS assigned,
          t0.created + interval '1 day' AS pws,
          t0.created + interval '1 day' + (t0.r2 - 0.15) * interval '5 hours' AS picked,
          t0.created + interval '1 day' + interval '11 hours' + (t0.r1 - 0.1) * interval '6 hours' AS delivered) t
      JOIN city o ON o.i = t.oi JOIN city d ON d.i = CASE WHEN t.di = t.oi THEN (t.di + 1) % 30 ELSE t.di END`);
    await c.query(`VACUUM ANALYZE "Shipment"`);
  });
}

/** Times `fn` `runs` times, one at a time after 10 warm-up calls; prints `<name>.p50` and `<name>.p95` in ms. */
async function measure(name: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await fn(i);
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  bench(`${name}.p50`, percentile(latencies, 50), "ms");
  bench(`${name}.p95`, percentile(latencies, 95), "ms");
}

/** Runs the analytics benchmark in a scratch database (created, filled, dropped) and prints its BENCH lines. */
export async function analyticsBench(): Promise<void> {
  const name = `tt_bench_analytics_${randomBytes(4).toString("hex")}`;
  await withClient(SERVER, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    await deployMigrations({ kind: "postgres", url: url.toString() });
    let started = performance.now();
    await fill(url.toString());
    console.log(`filled ${SHIPMENTS} shipments in ${Math.round(performance.now() - started)} ms`);

    // The app's modules read DATABASE_URL when first imported.
    process.env.DATABASE_URL = url.toString();
    const { db, closeDb } = await import("../../src/server/db");
    const { rollUpDays, utcDay, addDays } = await import("../../src/server/services/analytics/roll-up");
    const { shipperAnalytics } = await import("../../src/server/services/analytics/shipper-analytics");
    const { driverAnalytics } = await import("../../src/server/services/analytics/driver-analytics");
    const { platformAnalytics } = await import("../../src/server/services/analytics/platform-analytics");
    const { lastDays } = await import("../../src/lib/schemas/analytics");
    try {
      const today = utcDay(new Date());
      started = performance.now();
      const rows = await rollUpDays({ from: addDays(today, -367), to: today });
      bench("analytics.rollup.all_days", performance.now() - started, "ms");
      console.log(`roll-up rows: ${JSON.stringify(rows)}`);
      await withClient(url.toString(), (c) =>
        c.query(`VACUUM ANALYZE "AnalyticsPlatformDay", "AnalyticsShipperDay", "AnalyticsDriverDay",
          "AnalyticsLaneDay", "AnalyticsCancelDay"`),
      );
      started = performance.now();
      await rollUpDays({ from: addDays(today, -3), to: today });
      bench("analytics.rollup.cron_3_days", performance.now() - started, "ms");

      const q90 = lastDays(90);
      const q365 = lastDays(365);
      const shipper = (i: number) => `bs-${1 + ((i * 37) % SHIPPERS)}`;
      const driver = (i: number) => `bd-${1 + ((i * 101) % DRIVERS)}`;
      await measure("analytics.floor.select1", RUNS, () => db.$queryRaw`SELECT 1`);
      await measure("analytics.shipper", RUNS, (i) => shipperAnalytics({ shipperId: shipper(i), range: q90 }));
      await measure("analytics.driver", RUNS, (i) => driverAnalytics({ driverId: driver(i), range: q90 }));
      await measure("analytics.admin", RUNS, () => platformAnalytics({ range: q90 }));
      await measure("analytics.shipper.365d", RUNS, (i) => shipperAnalytics({ shipperId: shipper(i), range: q365 }));
      await measure("analytics.driver.365d", RUNS, (i) => driverAnalytics({ driverId: driver(i), range: q365 }));
      await measure("analytics.admin.365d", Math.min(RUNS, 50), () => platformAnalytics({ range: q365 }));
    } finally {
      await closeDb();
    }
  } finally {
    if (process.env.BENCH_ANALYTICS_KEEP) console.log(`kept database ${name}`);
    else await withClient(SERVER, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  analyticsBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
