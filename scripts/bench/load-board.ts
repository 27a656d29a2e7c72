// The load board with 25,000 open loads (and as many taken, cancelled or draft ones) spread over the lower 48
// states, in a scratch PostgreSQL database created and dropped by this run. Measured in process through the
// service (`loadBoard`, Prisma and all), one query at a time from random driver positions:
//   - loadboard.p95: the default board (nearest pick-ups first, first page of 20), the figure issue 10 asks for;
//   - loadboard.radius / loadboard.rate / loadboard.page5: nearest within 250 miles, the rate sort over the same
//     radius, and the fifth page of the default board;
//   - loadboard.scan: the ranking the board used before (a planar formula over every open load), for contrast;
//   - loadboard.floor: a primary-key lookup through the same client, the floor of any query on this machine.
// Each as p50 and p95 in ms: on a shared 2-core machine the p95 swings with other processes, the p50 much less.
// Also prints the plan of the default query and fails when it does not use the GiST index.
// Standalone: `tsx scripts/bench/load-board.ts` (BENCH_PG_SERVER_URL names the server, default local PostgreSQL).
import "../local-env";

import { randomBytes } from "node:crypto";

import pg from "pg";

import { deployMigrations } from "../db/engine";
import { bench, percentile } from "./harness";

const OPEN_LOADS = Number(process.env.BENCH_OPEN_LOADS ?? 25_000);
const RUNS = Number(process.env.BENCH_LOADBOARD_RUNS ?? 300);
const SERVER = process.env.BENCH_PG_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function fill(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT setseed(0.42)`);
    await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "emailVerifiedAt", "updatedAt")
      VALUES ('bench-shipper', 'bench-shipper@bench.local', 'Bench Shipper', 'SHIPPER', 'x', now(), now()),
             ('bench-driver', 'bench-driver@bench.local', 'Bench Driver', 'DRIVER', 'x', now(), now())`);
    await client.query(`INSERT INTO "DriverProfile" ("userId", "vehicleType", "capacityKg", plate, "updatedAt")
      VALUES ('bench-driver', 'SEMI', 20000, 'BENCH-1', now())`);
    // Half open (POSTED, pick-up windows over the next two weeks), half in other statuses: the partial index
    // skips those. Coordinates uniform over the lower 48's bounding box; drop-off states cycle through 12.
    await client.query(`INSERT INTO "Shipment" (id, reference, status, "shipperId",
        "pickupAddress", "pickupCity", "pickupLat", "pickupLng", "pickupWindowStart", "pickupWindowEnd",
        "dropoffAddress", "dropoffCity", "dropoffLat", "dropoffLng", "dropoffRegion", "dropoffWindowStart",
        "dropoffWindowEnd", "cargoDescription", "weightKg", "requiredVehicleType", "distanceKm", "durationMin",
        "priceCents", "platformFeeCents", "driverPayoutCents", "recipientName", "trackingToken", "createdAt",
        "updatedAt", "postedAt")
      SELECT 'bench-' || g, 'TB-' || lpad(g::text, 7, '0'),
        (CASE WHEN g % 2 = 0 THEN 'POSTED' ELSE (ARRAY['DRAFT','ASSIGNED','CANCELLED','COMPLETED'])[1 + g % 4] END)::"ShipmentStatus",
        'bench-shipper', '1 Main St', 'Town ' || (g % 500), 25 + random() * 24, -124 + random() * 57,
        now() + t.h * interval '1 hour', now() + (t.h + 4) * interval '1 hour',
        '2 Main St', 'City ' || (g % 300), 25 + random() * 24, -124 + random() * 57,
        (ARRAY['IL','OH','TX','CA','NY','GA','MO','CO','WA','PA','TN','AZ'])[1 + g % 12],
        now() + (t.h + 20) * interval '1 hour', now() + (t.h + 30) * interval '1 hour',
        'Pallets', 500 + (g % 19) * 1000, (ARRAY['VAN','BOX_TRUCK','FLATBED','REEFER','SEMI'])[1 + g % 5]::"VehicleType",
        50 + random() * 2000, 600, 100000, 15000, 30000 + (random() * 300000)::int, 'Bench Recipient',
        'bench-token-' || g, now(), now(), now()
      FROM generate_series(1, ${OPEN_LOADS * 2}) g, LATERAL (SELECT 1 + (random() * 330)::int + g * 0 AS h) t`);
    await client.query(`ANALYZE "Shipment"`);
  } finally {
    await client.end();
  }
}

/**
 * Times `query` `runs` times, one at a time after 20 warm-up calls, and prints `<name>.p50` and `<name>.p95`, plus
 * `<name>.app_cpu`: this process's CPU per call (Prisma, pg, the service; not the database's), which moves much
 * less than wall-clock time when other processes share the cores.
 */
async function measure(name: string, runs: number, query: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await query(i);
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await query(i);
    latencies.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  bench(`${name}.p50`, percentile(latencies, 50), "ms");
  bench(`${name}.p95`, percentile(latencies, 95), "ms");
  bench(`${name}.app_cpu`, (used.user + used.system) / 1000 / runs, "ms/call");
}

/** Runs the load-board benchmark in a scratch database (created, filled, dropped) and prints its BENCH lines. */
export async function loadBoardBench(): Promise<void> {
  const name = `tt_bench_board_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    await deployMigrations({ kind: "postgres", url: url.toString() });
    const started = performance.now();
    await fill(url.toString());
    console.log(
      `filled ${OPEN_LOADS} open loads (+${OPEN_LOADS} others) in ${Math.round(performance.now() - started)} ms`,
    );

    // The app's modules read DATABASE_URL when first imported.
    process.env.DATABASE_URL = url.toString();
    const { db, closeDb } = await import("../../src/server/db");
    const { loadBoard, loadBoardSql } = await import("../../src/server/services/shipments/load-board");
    const { Prisma } = await import("../../src/generated/prisma/client");
    try {
      // Deterministic positions over the lower 48 (a low-discrepancy sequence).
      const at = (i: number) => ({ lat: 26 + ((i * 0.618034) % 1) * 22, lng: -122 + ((i * 0.7548777) % 1) * 52 });
      const driverId = "bench-driver";

      const plan = (
        await db.$queryRaw<{ "QUERY PLAN": string }[]>(
          Prisma.sql`EXPLAIN ${loadBoardSql({
            carriable: ["VAN", "BOX_TRUCK", "SEMI"],
            capacityKg: 20_000,
            origin: at(1),
            centre: at(1),
            after: undefined,
            sort: "distance",
            limit: 20,
          })}`,
        )
      )
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      console.log(plan);
      if (!/Index Scan using "?Shipment_open_pickup_earth_idx"?/.test(plan)) {
        throw new Error("the default load board query does not use the GiST index");
      }

      const board = (i: number, more: Partial<Parameters<typeof loadBoard>[0]> = {}) =>
        loadBoard({ driverId, position: at(i), sort: "distance", limit: 20, ...more });
      await measure("loadboard", RUNS, (i) => board(i));
      const radius = { withinMetres: 402_336 } as const; // 250 miles
      await measure("loadboard.radius", RUNS, (i) => board(i, radius));
      await measure("loadboard.rate", RUNS, (i) => board(i, { ...radius, sort: "rate" }));
      // The fifth page of the default board: the cursors come from untimed walks through the first four.
      const cursors: (string | null)[] = [];
      for (let i = 0; i < Math.min(RUNS, 100) + 20; i++) {
        let cursor: string | null = null;
        for (let p = 0; p < 4; p++) cursor = (await board(i, { cursor })).nextCursor;
        cursors.push(cursor);
      }
      await measure("loadboard.page5", Math.min(RUNS, 100), (i) => board(i, { cursor: cursors[i] ?? null }));
      await measure("loadboard.scan", Math.min(RUNS, 50), (i) => {
        const o = at(i);
        return db.$queryRaw`
          SELECT "id" FROM "Shipment"
          WHERE "status" = 'POSTED' AND "requiredVehicleType"::text = ANY(${["VAN", "BOX_TRUCK", "SEMI"]})
            AND "weightKg" <= ${20_000}
          ORDER BY power("pickupLat" - ${o.lat}, 2)
                 + power(("pickupLng" - ${o.lng}) * ${Math.cos((o.lat * Math.PI) / 180)}, 2), "postedAt" DESC
          LIMIT 20`;
      });
      await measure(
        "loadboard.floor",
        RUNS,
        (i) => db.$queryRaw`SELECT "id" FROM "Shipment" WHERE "id" = ${`bench-${i * 2 + 2}`}`,
      );
    } finally {
      await closeDb();
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadBoardBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
