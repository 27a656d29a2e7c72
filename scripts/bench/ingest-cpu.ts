// `npx tsx scripts/bench/ingest-cpu.ts`: the CPU one batch of 10 pings costs inside ingestPings, in process (no
// HTTP, no Next.js), against a fresh PostgreSQL database `tt_bench_ingest` (BENCH_INGEST_DB_URL overrides; dropped
// and created on every run). DRIVERS drivers (4) each drive one IN_TRANSIT shipment that already holds 600 fixes,
// one a second (the 10 minutes refreshEta reads); then BATCHES batches (400) of 10 fixes a second apart, round
// robin over the drivers, one at a time. Prints `BENCH tracking.ingest.cpu_per_batch <ms> ms` (process CPU, user +
// system, over the measured batches after 40 of warm-up) and the wall time per batch. Publishing is off (no Pusher
// config), so this is the database and JavaScript cost of the ingest alone.
import "../local-env";

import pg from "pg";

import { deployMigrations } from "../db/engine";

const base = process.env.BENCH_INGEST_DB_URL ?? "postgresql://postgres@127.0.0.1:5432/tt_bench_ingest";
const DRIVERS = 4;
const BATCHES = Number(process.env.BATCHES ?? 400);
const WARMUP = 40;

async function main() {
  const url = new URL(base);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: "/postgres" }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  await deployMigrations({ kind: "postgres", url: base });
  process.env.DATABASE_URL = base;
  for (const k of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET", "PUSHER_HOST", "PUSHER_PORT"]) delete process.env[k];

  const { db } = await import("~/server/db");
  const { createShipment, createUser } = await import("../../prisma/factories");
  const { ingestPings } = await import("~/server/services/tracking/ingest-pings");

  const shipper = await createUser(db, { role: "SHIPPER" });
  const start = Date.now() - 3 * 3600_000;
  const jobs: { driverId: string; shipmentId: string; next: number; lat: number }[] = [];
  for (let i = 0; i < DRIVERS; i++) {
    const driver = await createUser(db, { role: "DRIVER" });
    const { shipment: s } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "IN_TRANSIT",
      from: "chicago",
      to: "milwaukee",
    });
    await db.$executeRaw`
      INSERT INTO "LocationPing" ("shipmentId", "driverId", "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt")
      SELECT ${s.id}::text, ${driver.id}::text, 41.9 + g * 0.0002, -87.7, 8, 70, 0, ${new Date(start)}::timestamptz + g * interval '1 second'
      FROM generate_series(0, 599) g`;
    jobs.push({ driverId: driver.id, shipmentId: s.id, next: start + 600_000, lat: 41.9 + 600 * 0.0002 });
  }

  let cpu = process.cpuUsage();
  let wall = performance.now();
  let stored = 0;
  for (let b = 0; b < BATCHES + WARMUP; b++) {
    if (b === WARMUP) {
      cpu = process.cpuUsage();
      wall = performance.now();
    }
    const j = jobs[b % DRIVERS]!;
    const pings = Array.from({ length: 10 }, () => {
      j.lat += 0.0002;
      j.next += 1_000;
      return {
        shipmentId: j.shipmentId,
        lat: j.lat,
        lng: -87.7,
        accuracyM: 8,
        speedKmh: 70,
        headingDeg: 0,
        recordedAt: j.next,
      };
    });
    const r = await ingestPings(j.driverId, pings);
    stored += r.results.filter((x) => x.status === "stored").length;
  }
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - wall;
  console.log(`stored ${stored} of ${(BATCHES + WARMUP) * 10}`);
  console.log(`BENCH tracking.ingest.cpu_per_batch ${((used.user + used.system) / 1000 / BATCHES).toFixed(2)} ms`);
  console.log(`BENCH tracking.ingest.wall_per_batch ${(ms / BATCHES).toFixed(2)} ms`);
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
