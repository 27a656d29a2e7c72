// `npm run bench:realtime`: live tracking under load, against a production build (`next start`), a fresh
// PostgreSQL database and the Pusher stand-in (devstack/pusher) in a process of its own. Prints
// `BENCH <name> <value> <unit>` lines:
//   - tracking.ingest.pings_per_s: pings answered `stored` by POST /api/tracking/pings, per second, with 200
//     simulated drivers (own IN_TRANSIT shipment, own session cookie) on 200 concurrent connections, each sending
//     batches of 10 back to back for BENCH_DURATION s (15). tracking.ingest.stored_db is the rows COUNTed in
//     "LocationPing" afterwards (must equal the stored answers); tracking.ingest.server_cpu is the app server's
//     CPU per batch.
//   - tracking.ingest.floor_pings_per_s: the same batches, connections and duration against ping-floor-server.mjs
//     (bare node:http + pg Pool, one multi-row INSERT … ON CONFLICT DO NOTHING per batch): the machine's limit.
//     tracking.ingest.floor_ratio = app / floor.
//   - realtime.latency.p50|p95|p99 (ms): 1,000 pusher-js clients in 4 child processes (500 on
//     private-shipment-{id}, 500 on track-{token} of ONE shipment); its driver sends one ping every 1.2 s
//     (the ingest publishes at most once per second per shipment), 50 samples. Latency = the moment a `location`
//     event reaches a subscriber − the moment the bench began sending the ingest request (one machine, one clock:
//     performance.timeOrigin + performance.now() in every process). realtime.latency.delivered is the share of
//     (samples × subscribers) events that arrived.
//   - realtime.fanout_floor.p50|p95|p99 (ms): the same fan-out when the bench triggers the event on the stand-in's
//     HTTP API itself (the `pusher` SDK, no app): what the stand-in and the clients cost on their own.
// BENCH_PROFILE=1 runs the app server and the stand-in under `node --cpu-prof` and prints, per process, where the
// CPU went (profile.<process>.<group> in % of busy time, and the hottest functions); figures from a profiled run
// are slower than the plain ones.
//
// Database: BENCH_DATABASE_URL (its bench rows are replaced), else `tt_bench_rt` on the local PostgreSQL, dropped
// and created afresh on every run. Build: `.next-bench` (shared with `npm run bench`), skipped with
// BENCH_SKIP_BUILD=1 when a build exists. Port: BENCH_PORT (3316) for the app, BENCH_PORT+1 for the floor.
//
// Where the time goes (README.md "Real-time benchmark" has the figures): the ingest is CPU-bound in the app,
// ~15 ms per batch against 0.4-0.7 ms for the floor, 8-12 of them in ingestPings (five Prisma round trips of ~1 ms, and
// refreshEta re-reading the shipment's last 10 minutes of fixes on every batch: ~4 ms at 240 rows). The fan-out
// costs the stand-in ~19 ms of CPU per event to 1,000 sockets, half of it the kernel's per-socket writev; the
// pusher-js clients cost 3-4 times that on the same two cores and bound the latency figure here.
import "../local-env";

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

import Pusher from "pusher";
import pg from "pg";

import { startInngestStandIn } from "../../devstack/inngest";
import { startResendStandIn } from "../../devstack/resend/server";
import { shipmentChannel, trackingChannel } from "../../src/lib/realtime";
import { encodeJwt } from "../../src/server/auth/jwt";
import { deployMigrations } from "../db/engine";
import { summariseCpuProfile } from "./cpu-profile";
import {
  bench,
  benchStripeEnv,
  buildNextIfNeeded,
  percentile,
  processCpuMs,
  startNext,
  waitForServer,
} from "./harness";

const DRIVERS = Number(process.env.BENCH_DRIVERS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const BATCH = 10;
const DURATION_SEC = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP_SEC = 3;
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const SUBSCRIBER_PROCESSES = Number(process.env.BENCH_SUBSCRIBER_PROCESSES ?? 4);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);
/** Above the ingest's one-publish-per-second-per-shipment throttle, so no sample is dropped by it. */
const APP_SAMPLE_INTERVAL_MS = 1200;
const FLOOR_SAMPLE_INTERVAL_MS = 200;
/** The app's own pool (src/server/db.ts: PrismaPg max 20); the floor gets the same. */
const POOL_SIZE = 20;
// Not 3306 (MySQL's port, taken by MariaDB on the dev machine).
const PORT = Number(process.env.BENCH_PORT ?? 3316);
const PROFILE = process.env.BENCH_PROFILE === "1";
/** BENCH_ONLY=fanout: no build, no app, no ingest; only the stand-in's fan-out (to work on devstack/pusher). */
const FANOUT_ONLY = process.env.BENCH_ONLY === "fanout";
const DEFAULT_DB = "tt_bench_rt";
const url = process.env.BENCH_DATABASE_URL ?? `postgresql://postgres@127.0.0.1:5432/${DEFAULT_DB}`;
const INGEST_PATH = "/api/tracking/pings";

type TDriver = { id: string; shipmentId: string; token: string; cookie: string; sent: number };
type TPusherConfig = { appId: string; key: string; secret: string; host: string; port: number };

// ─── Clean-up: every child process and server goes, whatever fails ──────────────────────────────────────────

const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

/** Sends SIGTERM and resolves when the process has exited (SIGKILL after `graceMs`). */
async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

function tsxProcess(script: string, nodeFlags: string[] = [], ipc = false): ChildProcess {
  return track(
    spawn(process.execPath, [...nodeFlags, "--import", "tsx", script], {
      stdio: ["ignore", "pipe", "inherit", ...(ipc ? (["ipc"] as const) : [])],
    }),
  );
}

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const end = text.indexOf("\n");
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
  });
}

// ─── Database ───────────────────────────────────────────────────────────────────────────────────────────────

async function freshDatabase(): Promise<void> {
  if (!process.env.BENCH_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DEFAULT_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DEFAULT_DB}`);
    await admin.end();
  }
  await deployMigrations({ kind: "postgres", url });
}

/**
 * `count` drivers, each with a DriverProfile, an IN_TRANSIT shipment of one shipper, an AuthSession and its
 * session cookie (the JWT next-auth would set at sign-in). Rows are prefixed `rt-` and replaced on every run.
 */
async function fill(client: pg.Client, count: number): Promise<TDriver[]> {
  await client.query(`DELETE FROM "Shipment" WHERE id LIKE 'rt-%'`);
  await client.query(`DELETE FROM "User" WHERE id LIKE 'rt-%'`);
  await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "emailVerifiedAt", "updatedAt")
    VALUES ('rt-shipper', 'rt-shipper@bench.local', 'Bench Shipper', 'SHIPPER', 'x', now(), now())`);
  await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "emailVerifiedAt", "updatedAt")
    SELECT 'rt-driver-' || g, 'rt-driver-' || g || '@bench.local', 'Bench Driver ' || g, 'DRIVER', 'x', now(), now()
    FROM generate_series(1, ${count}) g`);
  await client.query(`INSERT INTO "DriverProfile" ("userId", "vehicleType", "capacityKg", plate, "updatedAt")
    SELECT 'rt-driver-' || g, 'VAN', 1000, 'RT-' || g, now() FROM generate_series(1, ${count}) g`);
  await client.query(`INSERT INTO "Shipment" (id, reference, status, "shipperId", "driverId",
      "pickupAddress", "pickupCity", "pickupLat", "pickupLng", "pickupWindowStart", "pickupWindowEnd",
      "dropoffAddress", "dropoffCity", "dropoffLat", "dropoffLng", "dropoffWindowStart", "dropoffWindowEnd",
      "cargoDescription", "weightKg", "requiredVehicleType", "distanceKm", "durationMin",
      "priceCents", "platformFeeCents", "driverPayoutCents", "recipientName", "trackingToken",
      "postedAt", "assignedAt", "pickedUpAt", "inTransitAt", "updatedAt")
    SELECT 'rt-ship-' || g, 'RT-' || lpad(g::text, 7, '0'), 'IN_TRANSIT', 'rt-shipper', 'rt-driver-' || g,
      '233 S Wacker Dr', 'Chicago', 41.8781, -87.6298, now() - interval '3 hours', now() - interval '2 hours',
      '1 Woodward Ave', 'Detroit', 42.3314, -83.0458, now() + interval '2 hours', now() + interval '4 hours',
      'Pallets', 1000, 'VAN', 381.5, 352, 47780, 7167, 40613, 'Bench Recipient', 'rt-token-' || g,
      now() - interval '4 hours', now() - interval '3 hours', now() - interval '2 hours', now() - interval '2 hours',
      now()
    FROM generate_series(1, ${count}) g`);
  await client.query(`INSERT INTO "AuthSession" (id, "userId", "expiresAt", "lastSeenAt")
    SELECT 'rt-session-' || g, 'rt-driver-' || g, now() + interval '1 day', now() FROM generate_series(1, ${count}) g`);
  const secret = process.env.AUTH_SECRET!;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `rt-driver-${i + 1}`;
      const token = await encodeJwt({ token: { sub: id, sid: `rt-session-${i + 1}`, role: "DRIVER" }, secret });
      return {
        id,
        shipmentId: `rt-ship-${i + 1}`,
        token: `rt-token-${i + 1}`,
        cookie: `next-auth.session-token=${token}`,
        sent: 0,
      };
    }),
  );
}

async function countPings(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "LocationPing"`);
  return Number(rows[0]?.n ?? 0);
}

// ─── Ingest load ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Fix times start an hour ago, one second apart per driver as a phone records them: unique per driver, in the
 * past and inside the 24 h window for the ~1,000 fixes a driver sends in a run.
 */
const FIX_INTERVAL_MS = 1000;
const clockBase = Date.now() - 60 * 60_000;

function nextBatch(driver: TDriver, size: number): string {
  const pings = Array.from({ length: size }, () => {
    const k = driver.sent++;
    return {
      shipmentId: driver.shipmentId,
      lat: 41.8781 + k * 1e-4,
      lng: -87.6298 + k * 1e-4,
      accuracyM: 8,
      speedKmh: 72,
      headingDeg: 45,
      recordedAt: clockBase + k * FIX_INTERVAL_MS,
    };
  });
  return JSON.stringify({ pings });
}

type TResponse = { status: number; body: string };

function post(agent: http.Agent, target: string, body: string, driver: TDriver): Promise<TResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          cookie: driver.cookie,
          // The phone's fetch sends it (the route's cross-site check); the floor reads the driver from the other.
          "x-trpc-source": "driver-app",
          "x-bench-driver": driver.id,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

type TLoad = {
  stored: number;
  duplicate: number;
  rejected: number;
  batches: number;
  failures: Map<string, number>;
  /** Milliseconds per request, ascending. */
  latencies: number[];
};

/**
 * CONNECTIONS loops, each sending batches of BATCH pings back to back for `seconds` (connection c speaks for
 * drivers c, c + CONNECTIONS, … in turn), counting the answers by status. Requests still in flight at the end are
 * awaited and counted; `elapsedMs` runs until the last one.
 */
async function load(target: string, drivers: TDriver[], seconds: number): Promise<TLoad & { elapsedMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const result: TLoad = { stored: 0, duplicate: 0, rejected: 0, batches: 0, failures: new Map(), latencies: [] };
  const fail = (why: string) => result.failures.set(why, (result.failures.get(why) ?? 0) + 1);
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let turn = 0; performance.now() < end; turn++) {
        const driver = drivers[(c + turn * CONNECTIONS) % drivers.length]!;
        try {
          const sent = performance.now();
          const res = await post(agent, target, nextBatch(driver, BATCH), driver);
          result.latencies.push(performance.now() - sent);
          result.batches++;
          if (res.status !== 200) {
            fail(`HTTP ${res.status}`);
            continue;
          }
          for (const r of (JSON.parse(res.body) as { results: { status: string }[] }).results) {
            if (r.status === "stored") result.stored++;
            else if (r.status === "duplicate") result.duplicate++;
            else result.rejected++;
          }
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  agent.destroy();
  result.latencies.sort((a, b) => a - b);
  return { ...result, elapsedMs: performance.now() - started };
}

function reportFailures(what: string, r: TLoad): void {
  if (r.rejected > 0 || r.duplicate > 0) console.log(`${what}: ${r.rejected} rejected, ${r.duplicate} duplicate`);
  for (const [why, n] of r.failures) console.log(`${what}: ${n} × ${why}`);
}

// ─── Fan-out latency ────────────────────────────────────────────────────────────────────────────────────────

type TSubscribers = { pids: number[]; collect(): Promise<Map<number, number[]>>; close(): Promise<void> };

const now = () => performance.timeOrigin + performance.now();

/** SUBSCRIBERS pusher-js clients in SUBSCRIBER_PROCESSES children, spread over `channels`; resolves when subscribed. */
async function startSubscribers(config: TPusherConfig, channels: string[], nodeFlags: string[]): Promise<TSubscribers> {
  const procs = Array.from({ length: SUBSCRIBER_PROCESSES }, () =>
    tsxProcess("scripts/bench/subscribers.ts", nodeFlags, true),
  );
  const message = (child: ChildProcess, type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type === "error") reject(new Error(`subscriber: ${String(m.message)}`));
        if (m.type !== type) return;
        child.off("message", onMessage);
        resolve(m);
      };
      child.on("message", onMessage);
      child.once("exit", (code) => reject(new Error(`subscriber process exited with ${code}`)));
    });
  const perProcess = Math.ceil(SUBSCRIBERS / SUBSCRIBER_PROCESSES);
  await Promise.all(
    procs.map((child, i) => {
      const ready = message(child, "ready");
      // Each process gets both channels, so the two halves are spread evenly over processes.
      const count = Math.min(perProcess, SUBSCRIBERS - i * perProcess);
      child.send({ type: "start", config, channels, count });
      return ready;
    }),
  );
  return {
    pids: procs.map((child) => child.pid!),
    async collect() {
      const byKey = new Map<number, number[]>();
      const replies = await Promise.all(
        procs.map((child) => {
          const reply = message(child, "arrivals");
          child.send({ type: "report" });
          return reply;
        }),
      );
      for (const reply of replies) {
        for (const [key, at] of reply.arrivals as [number, number][]) {
          const list = byKey.get(key) ?? [];
          list.push(at);
          byKey.set(key, list);
        }
      }
      return byKey;
    },
    async close() {
      await Promise.all(
        procs.map(async (child) => {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          if (child.connected) child.disconnect();
          await exited;
        }),
      );
    },
  };
}

/**
 * Sends `samples` events through `send(recordedAt)` every `intervalMs`, then reads every subscriber's arrivals and
 * prints `<name>.p50|p95|p99` (ms, arrival − send start), `<name>.delivered` (% of samples × subscribers), and
 * the CPU each event cost the stand-in and the subscriber processes (ms per event, all its deliveries together):
 * CPU, unlike wall time, stays meaningful on a busy machine.
 */
async function measureFanout(
  name: string,
  subscribers: TSubscribers,
  standIn: ChildProcess,
  samples: number,
  intervalMs: number,
  send: (recordedAt: number) => Promise<void>,
): Promise<void> {
  await subscribers.collect(); // drop anything from before (the ingest run's publishes)
  const sentAt = new Map<number, number>();
  let recordedAt = Date.now() - 60_000;
  const cpu = () => [processCpuMs(standIn.pid) ?? 0, subscribers.pids.reduce((s, p) => s + (processCpuMs(p) ?? 0), 0)];
  const [standInBefore, clientsBefore] = cpu();
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    recordedAt = Math.max(recordedAt + 1, Date.now());
    sentAt.set(recordedAt, now());
    await send(recordedAt);
    const wait = started + (i + 1) * intervalMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await new Promise((r) => setTimeout(r, 1000)); // stragglers
  const [standInAfter, clientsAfter] = cpu();
  const latencies: number[] = [];
  for (const [key, arrivals] of await subscribers.collect()) {
    const sent = sentAt.get(key);
    if (sent !== undefined) for (const at of arrivals) latencies.push(at - sent);
  }
  latencies.sort((a, b) => a - b);
  bench(`${name}.p50`, percentile(latencies, 50), "ms");
  bench(`${name}.p95`, percentile(latencies, 95), "ms");
  bench(`${name}.p99`, percentile(latencies, 99), "ms");
  bench(`${name}.delivered`, (100 * latencies.length) / (samples * SUBSCRIBERS), "%");
  bench(`${name}.standin_cpu`, (standInAfter! - standInBefore!) / samples, "ms/event");
  bench(`${name}.subscribers_cpu`, (clientsAfter! - clientsBefore!) / samples, "ms/event");
}

function locationEvent(shipmentId: string, recordedAt: number) {
  return {
    shipmentId,
    lat: 41.9,
    lng: -87.5,
    recordedAt: new Date(recordedAt).toISOString(),
    speedKmh: 72,
    headingDeg: 45,
    etaAt: null,
  };
}

// ─── Profiles ───────────────────────────────────────────────────────────────────────────────────────────────

function reportProfile(label: string, dir: string): void {
  if (!existsSync(dir)) return console.log(`profile.${label}: no profile written`);
  // `next start` may run the server in a child of the CLI process: take the profile that worked the most.
  const summaries = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => summariseCpuProfile(path.join(dir, f)));
  const busiest = summaries.sort(
    (a, b) => b.groups.reduce((s, [, ms]) => s + ms, 0) - a.groups.reduce((s, [, ms]) => s + ms, 0),
  )[0];
  if (!busiest) return console.log(`profile.${label}: no profile written`);
  const busy = busiest.groups.reduce((s, [, ms]) => s + ms, 0);
  bench(`profile.${label}.busy`, busy, "ms");
  for (const [group, ms] of busiest.groups.slice(0, 10)) {
    bench(`profile.${label}.${group.replace(/\s+/g, "_")}`, (100 * ms) / busy, "%");
  }
  for (const [fn, ms] of busiest.functions) console.log(`  ${label} ${ms.toFixed(0).padStart(6)} ms  ${fn}`);
}

// ─── Phases, in process ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The ingest's phases called directly (no HTTP, no Next.js), 20 callers at a time for 3 s each, printing CPU per
 * call (`tracking.phase.<name>.cpu`, ms) and wall time (`.p50`, ms): the session lookup, the rate-limit upsert,
 * ingestPings (validation, shipment check, the one insert, ETA, throttle claim, publish) and publish() alone.
 * What the HTTP request costs beyond their sum (`tracking.ingest.server_cpu` − the three) is Next.js and the route.
 */
async function phaseBench(drivers: TDriver[], pusher: TPusherConfig): Promise<number> {
  Object.assign(process.env, {
    DATABASE_URL: url,
    PUSHER_APP_ID: pusher.appId,
    PUSHER_KEY: pusher.key,
    PUSHER_SECRET: pusher.secret,
    PUSHER_HOST: pusher.host,
    PUSHER_PORT: String(pusher.port),
  });
  const { resolveRequestSession } = await import("../../src/server/auth/session");
  const { reserveAttempt } = await import("../../src/server/services/rate-limit/rate-limit");
  const { ingestPings } = await import("../../src/server/services/tracking/ingest-pings");
  const { publish } = await import("../../src/server/realtime/publish");
  const { closeDb } = await import("../../src/server/db");
  const phases: [string, (driver: TDriver, i: number) => Promise<unknown>][] = [
    ["session", (d) => resolveRequestSession(new Headers({ cookie: d.cookie }))],
    ["rate_limit", (_, i) => reserveAttempt({ key: `bench-phase:${i % 200}`, max: 1e9, windowSec: 60 })],
    ["ingest", (d) => ingestPings(d.id, (JSON.parse(nextBatch(d, BATCH)) as { pings: unknown[] }).pings)],
    [
      "publish",
      (d) => publish([shipmentChannel(d.shipmentId, d.id), trackingChannel(d.token)], "location", pingAt(d, 0)),
    ],
  ];
  let total = 0;
  for (const [name, call] of phases) {
    let calls = 0;
    const run = async (seconds: number, record: number[] | null) => {
      const end = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 20 }, async (_, c) => {
          for (let turn = 0; performance.now() < end; turn++) {
            const t = performance.now();
            await call(drivers[(c + turn * 20) % drivers.length]!, calls++);
            record?.push(performance.now() - t);
          }
        }),
      );
    };
    await run(1, null); // warm-up
    const wall: number[] = [];
    const cpu = process.cpuUsage();
    await run(3, wall);
    const used = process.cpuUsage(cpu);
    wall.sort((a, b) => a - b);
    const cpuPerCall = (used.user + used.system) / 1000 / wall.length;
    if (name !== "publish") total += cpuPerCall;
    bench(`tracking.phase.${name}.cpu`, cpuPerCall, "ms/call");
    bench(`tracking.phase.${name}.p50`, percentile(wall, 50), "ms");
  }
  await closeDb();
  return total;
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────────────────

/** The ingest load against the app: warm-up, then DURATION_SEC measured; returns pings/s and server CPU/batch. */
async function ingestBench(target: string, drivers: TDriver[], client: pg.Client, server: ChildProcess) {
  await load(target, drivers, WARMUP_SEC);
  const before = await countPings(client);
  const cpuBefore = processCpuMs(server.pid);
  const r = await load(target, drivers, DURATION_SEC);
  const cpuAfter = processCpuMs(server.pid);
  const inDb = (await countPings(client)) - before;
  reportFailures("ingest", r);
  const perSecond = r.stored / (r.elapsedMs / 1000);
  bench("tracking.ingest.pings_per_s", perSecond, "pings/s");
  bench("tracking.ingest.stored", r.stored, "pings");
  bench("tracking.ingest.stored_db", inDb, "pings");
  bench("tracking.ingest.batch_p50", percentile(r.latencies, 50), "ms");
  bench("tracking.ingest.batch_p99", percentile(r.latencies, 99), "ms");
  if (inDb !== r.stored) console.log(`warning: ${r.stored} answered stored but ${inDb} rows in the database`);
  const serverCpu =
    cpuBefore !== null && cpuAfter !== null && r.batches > 0 ? (cpuAfter - cpuBefore) / r.batches : null;
  if (serverCpu !== null) bench("tracking.ingest.server_cpu", serverCpu, "ms/batch");
  return { perSecond, serverCpu };
}

/** The same load against ping-floor-server.mjs, on an emptied "LocationPing"; returns stored pings per second. */
async function floorBench(drivers: TDriver[], client: pg.Client): Promise<number> {
  await client.query(`TRUNCATE "LocationPing"`);
  const floorPort = PORT + 1;
  const floor = track(
    spawn(process.execPath, ["scripts/bench/ping-floor-server.mjs", url, String(floorPort), String(POOL_SIZE)], {
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  try {
    await firstLine(floor, "the ping floor server");
    const target = `http://127.0.0.1:${floorPort}/`;
    await load(target, drivers, WARMUP_SEC);
    const before = await countPings(client);
    const cpuBefore = processCpuMs(floor.pid);
    const f = await load(target, drivers, DURATION_SEC);
    const cpuAfter = processCpuMs(floor.pid);
    const inDb = (await countPings(client)) - before;
    reportFailures("floor", f);
    const perSecond = f.stored / (f.elapsedMs / 1000);
    bench("tracking.ingest.floor_pings_per_s", perSecond, "pings/s");
    bench("tracking.ingest.floor_stored_db", inDb, "pings");
    bench("tracking.ingest.floor_batch_p50", percentile(f.latencies, 50), "ms");
    bench("tracking.ingest.floor_batch_p99", percentile(f.latencies, 99), "ms");
    if (cpuBefore !== null && cpuAfter !== null && f.batches > 0) {
      bench("tracking.ingest.floor_server_cpu", (cpuAfter - cpuBefore) / f.batches, "ms/batch");
    }
    return perSecond;
  } finally {
    await stop(floor);
  }
}

async function main(): Promise<void> {
  await freshDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // One more driver than the load uses: its shipment is the one the 1,000 subscribers watch.
  const drivers = await fill(client, DRIVERS + 1);
  const watched = drivers.pop()!;

  const profileRoot = PROFILE ? mkdtempSync(path.join(tmpdir(), "tt-bench-rt-")) : null;
  const profileDir = (label: string) => path.join(profileRoot!, label);
  const cpuProf = (label: string) => (profileRoot ? ["--cpu-prof", `--cpu-prof-dir=${profileDir(label)}`] : []);

  const standIn = tsxProcess("scripts/bench/pusher-process.ts", cpuProf("pusher"));
  const pusher = JSON.parse(await firstLine(standIn, "the Pusher stand-in")) as TPusherConfig;
  // A production build needs an email provider and Inngest configured; nothing here sends mail or events, but keep
  // both local.
  const resendApiKey = "re_bench_realtime";
  const resend = await startResendStandIn({ port: 0, host: "127.0.0.1", apiKey: resendApiKey });
  const inngest = await startInngestStandIn({ port: 0, log: () => {} });
  const env = {
    ...process.env,
    ...inngest.env,
    DATABASE_URL: url,
    RESEND_API_KEY: resendApiKey,
    RESEND_BASE_URL: resend.url,
    PUSHER_APP_ID: pusher.appId,
    PUSHER_KEY: pusher.key,
    PUSHER_SECRET: pusher.secret,
    PUSHER_HOST: pusher.host,
    PUSHER_PORT: String(pusher.port),
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PORT),
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-bench",
    NEXT_SKIP_TYPECHECK: "1",
    ...benchStripeEnv(),
  };
  let server: ChildProcess | undefined;
  let subscribers: TSubscribers | undefined;
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const target = `${base}${INGEST_PATH}`;
    let routeWorks = false;
    if (!FANOUT_ONLY) {
      buildNextIfNeeded(env);
      server = track(startNext({ port: PORT, env, nodeFlags: cpuProf("app") }));
      await waitForServer(base, server);
      const probe = await post(new http.Agent(), target, nextBatch(drivers[0]!, 1), drivers[0]!);
      routeWorks = probe.status === 200 && probe.body.includes('"stored"');
      if (!routeWorks) {
        console.log(`${INGEST_PATH} does not store pings (HTTP ${probe.status}: ${probe.body.slice(0, 200)}):`);
        console.log("measuring the floors only");
      }
      const ingest = routeWorks ? await ingestBench(target, drivers, client, server) : null;
      const floor = await floorBench(drivers, client);
      if (ingest !== null) {
        bench("tracking.ingest.floor_ratio", ingest.perSecond / floor, "x");
        const inProcess = await phaseBench(drivers, pusher);
        if (ingest.serverCpu !== null) bench("tracking.phase.http_next.cpu", ingest.serverCpu - inProcess, "ms/batch");
      }
    }

    const channels = [shipmentChannel(watched.shipmentId, watched.id), trackingChannel(watched.token)];
    subscribers = await startSubscribers(pusher, channels, cpuProf("subscribers"));
    const sdk = new Pusher({ ...pusher, port: String(pusher.port) });
    const floorSamples = FANOUT_ONLY ? SAMPLES * 4 : SAMPLES;
    await measureFanout("realtime.fanout_floor", subscribers, standIn, floorSamples, FLOOR_SAMPLE_INTERVAL_MS, (at) =>
      sdk.trigger(channels, "location", locationEvent(watched.shipmentId, at)).then(() => undefined),
    );
    if (routeWorks) {
      const agent = new http.Agent({ keepAlive: true });
      await measureFanout("realtime.latency", subscribers, standIn, SAMPLES, APP_SAMPLE_INTERVAL_MS, async (at) => {
        const res = await post(agent, target, JSON.stringify({ pings: [pingAt(watched, at)] }), watched);
        if (res.status !== 200 || !res.body.includes('"stored"')) {
          console.log(`latency ping not stored: HTTP ${res.status} ${res.body.slice(0, 200)}`);
        }
      });
      agent.destroy();
    }
  } finally {
    await subscribers?.close();
    await client.end();
    if (server) await stop(server);
    await stop(standIn);
    await resend.close();
    await inngest.close();
  }
  if (profileRoot) {
    if (!FANOUT_ONLY) reportProfile("app", profileDir("app"));
    reportProfile("pusher", profileDir("pusher"));
    reportProfile("subscribers", profileDir("subscribers"));
    rmSync(profileRoot, { recursive: true, force: true });
  }
}

function pingAt(driver: TDriver, recordedAt: number) {
  return {
    shipmentId: driver.shipmentId,
    lat: 41.9,
    lng: -87.5,
    accuracyM: 8,
    speedKmh: 72,
    headingDeg: 45,
    recordedAt,
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
