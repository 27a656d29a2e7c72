// `npm run bench`: the shipper's shipment list with 100,000 shipments in PostgreSQL, measured over HTTP against a
// production build (authenticated, 20 per page, 50 concurrent connections) and as the raw SQL query it runs.
// To show where a request's time goes it also measures, in the same run:
//   - shipment.list.server_cpu: CPU the server process spent per HTTP request (steadier than req/s on a shared box);
//   - health.*: GET /api/health (one SELECT 1, no session), the floor of a dynamic route on this machine;
//   - shipment.list.inprocess.*: the same procedure called through tRPC's caller, no HTTP and no Next.js;
//   - floor.*: the same two queries behind a bare Node HTTP server with pg (floor-server.mjs), the machine's limit.
// First, in a scratch database of its own, the load board with 25,000 open loads (load-board.ts: loadboard.*), then
// in another the analytics pages over a million shipments (analytics.ts: analytics.*).
// Prints `BENCH <name> <value> <unit>` lines. Uses BENCH_DATABASE_URL, else a `tt_bench` database on the local
// PostgreSQL (created and filled on first run, reused afterwards).
import "../local-env";

import { spawn, spawnSync } from "node:child_process";

import autocannon from "autocannon";
import pg from "pg";

import { encodeJwt } from "../../src/server/auth/jwt";
import { startDevstack } from "../../devstack/start";
import { deployMigrations } from "../db/engine";
import {
  bench,
  benchStripeEnv,
  buildNextIfNeeded,
  percentile,
  processCpuMs,
  startNext,
  waitForServer,
} from "./harness";

const TOTAL = Number(process.env.BENCH_SHIPMENTS ?? 100_000);
const SHIPPERS = 10;
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const DURATION_SEC = Number(process.env.BENCH_DURATION ?? 15);
const url = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tt_bench";

async function fill(client: pg.Client): Promise<string> {
  await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "emailVerifiedAt", "updatedAt")
    SELECT 'bench-shipper-' || g, 'bench-shipper-' || g || '@bench.local', 'Bench Shipper ' || g, 'SHIPPER', 'x', now(), now()
    FROM generate_series(1, ${SHIPPERS}) g ON CONFLICT DO NOTHING`);
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Shipment"`);
  const have = Number(rows[0]?.n ?? 0);
  if (have < TOTAL) {
    const started = performance.now();
    // Spread over 180 days and ten shippers; statuses cycle through the machine.
    await client.query(`INSERT INTO "Shipment" (id, reference, status, "shipperId",
        "pickupAddress", "pickupCity", "pickupLat", "pickupLng", "pickupWindowStart", "pickupWindowEnd",
        "dropoffAddress", "dropoffCity", "dropoffLat", "dropoffLng", "dropoffWindowStart", "dropoffWindowEnd",
        "cargoDescription", "weightKg", "requiredVehicleType", "distanceKm", "durationMin",
        "priceCents", "platformFeeCents", "driverPayoutCents", "recipientName", "trackingToken", "createdAt", "updatedAt")
      SELECT 'bench-' || g, 'TB-' || lpad(g::text, 7, '0'),
        (ARRAY['DRAFT','POSTED','CANCELLED','COMPLETED'])[1 + g % 4]::"ShipmentStatus",
        'bench-shipper-' || (1 + g % ${SHIPPERS}),
        '233 S Wacker Dr', 'Chicago', 41.8781, -87.6298, now(), now() + interval '4 hours',
        '1 Woodward Ave', 'Detroit', 42.3314, -83.0458, now() + interval '6 hours', now() + interval '10 hours',
        'Pallets', 1000, 'VAN', 381.5, 352, 47780, 7167, 40613, 'Bench Recipient', 'bench-token-' || g,
        now() - (g * interval '155 seconds'), now()
      FROM generate_series(${have + 1}, ${TOTAL}) g`);
    await client.query(`ANALYZE "Shipment"`);
    console.log(`filled ${TOTAL - have} shipments in ${Math.round(performance.now() - started)} ms`);
  }
  return "bench-shipper-1";
}

async function sessionCookie(client: pg.Client, userId: string): Promise<{ cookie: string; sid: string }> {
  const sid = `bench-session-${Date.now()}`;
  await client.query(
    `INSERT INTO "AuthSession" (id, "userId", "expiresAt", "lastSeenAt") VALUES ($1, $2, now() + interval '1 day', now())`,
    [sid, userId],
  );
  const token = await encodeJwt({ token: { sub: userId, sid, role: "SHIPPER" }, secret: process.env.AUTH_SECRET! });
  return { cookie: `next-auth.session-token=${token}`, sid };
}

async function sqlBench(shipperId: string) {
  // The same query Prisma issues for the first page (ORDER BY createdAt DESC, id DESC LIMIT 21), 50 at a time.
  const pool = new pg.Pool({ connectionString: url, max: 50 });
  const sql = `SELECT id, reference, status, "pickupCity", "dropoffCity", "pickupWindowStart", "dropoffWindowEnd",
      "priceCents", currency, "createdAt" FROM "Shipment" WHERE "shipperId" = $1
      ORDER BY "createdAt" DESC, id DESC LIMIT 21 OFFSET 0`;
  const latencies: number[] = [];
  const end = performance.now() + 5_000;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await pool.query(sql, [shipperId]);
        latencies.push(performance.now() - t);
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  bench("shipment.list.sql.p50", percentile(latencies, 50), "ms");
  bench("shipment.list.sql.p99", percentile(latencies, 99), "ms");
  bench("shipment.list.sql.rps", latencies.length / 5, "req/s");
}

async function inProcessBench(sessionId: string) {
  // The procedure without HTTP: same context creation from the cookie's session, same caller path.
  process.env.DATABASE_URL = url;
  const { loadActiveSession } = await import("../../src/server/auth/session");
  const { createCaller } = await import("../../src/server/api/root");
  const { createInnerTRPCContext } = await import("../../src/server/api/trpc");
  const { closeDb } = await import("../../src/server/db");
  const call = async () => {
    const session = await loadActiveSession(sessionId);
    await createCaller(createInnerTRPCContext({ session })).shipment.list({ limit: 20 });
  };
  for (let i = 0; i < 200; i++) await call(); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  let calls = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (performance.now() - started < 5_000) {
        await call();
        calls++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  bench("shipment.list.inprocess.rps", calls / ((performance.now() - started) / 1000), "req/s");
  bench("shipment.list.inprocess.cpu", (used.user + used.system) / 1000 / calls, "ms/req");
  await closeDb();
}

async function floorBench(sessionId: string, shipperId: string) {
  const port = PORT + 1;
  const floor = spawn(process.execPath, ["scripts/bench/floor-server.mjs", url, String(port), sessionId, shipperId], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      floor.stdout.once("data", () => resolve());
      floor.once("exit", (code) => reject(new Error(`floor server exited with ${code}`)));
    });
    const target = `http://127.0.0.1:${port}/`;
    await autocannon({ url: target, connections: 50, duration: 2 }); // warm-up
    const r = await autocannon({ url: target, connections: 50, duration: 8 });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`floor server: ${r.non2xx} non-2xx, ${r.errors} errors`);
    bench("floor.p99", r.latency.p99, "ms");
    bench("floor.rps", r.requests.average, "req/s");
  } finally {
    floor.kill("SIGTERM");
  }
}

async function main() {
  // In a process of its own: the app's configuration is read once per process, and this one points elsewhere.
  const board = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench/load-board.ts"], { stdio: "inherit" });
  if (board.status !== 0) throw new Error("the load board benchmark failed");
  const analytics = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench/analytics.ts"], {
    stdio: "inherit",
  });
  if (analytics.status !== 0) throw new Error("the analytics benchmark failed");
  await deployMigrations({ kind: "postgres", url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const shipperId = await fill(client);
  const { cookie, sid } = await sessionCookie(client, shipperId);
  await client.end();

  const devstack = await startDevstack({ resendPort: 0 });
  const distDir = process.env.NEXT_DIST_DIR ?? ".next-bench";
  const env = {
    ...process.env,
    ...devstack.env,
    DATABASE_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PORT),
    NEXT_DIST_DIR: distDir,
    NEXT_SKIP_TYPECHECK: "1",
    ...benchStripeEnv(),
  };
  buildNextIfNeeded(env);
  const server = startNext({ port: PORT, env });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(base);
    const input = encodeURIComponent(JSON.stringify({ json: { limit: 20 } }));
    const target = `${base}/api/trpc/shipment.list?input=${input}`;
    const probe = await fetch(target, { headers: { cookie } });
    const body = (await probe.json()) as { result?: { data?: { json?: { items?: unknown[] } } } };
    const count = body.result?.data?.json?.items?.length;
    if (probe.status !== 200 || count !== 20) throw new Error(`probe failed: HTTP ${probe.status}, ${count} items`);

    await autocannon({ url: target, connections: 50, duration: 3, headers: { cookie } }); // warm-up
    const cpuBefore = processCpuMs(server.pid);
    const r = await autocannon({ url: target, connections: 50, duration: DURATION_SEC, headers: { cookie } });
    const cpuAfter = processCpuMs(server.pid);
    if (r.non2xx > 0 || r.errors > 0) console.log(`warning: ${r.non2xx} non-2xx, ${r.errors} errors`);
    bench("shipment.list.p50", r.latency.p50, "ms");
    bench("shipment.list.p99", r.latency.p99, "ms");
    bench("shipment.list.rps", r.requests.average, "req/s");
    if (cpuBefore !== null && cpuAfter !== null) {
      bench("shipment.list.server_cpu", (cpuAfter - cpuBefore) / r.requests.total, "ms/req");
    }

    const health = await autocannon({ url: `${base}/api/health`, connections: 50, duration: 8 });
    bench("health.p99", health.latency.p99, "ms");
    bench("health.rps", health.requests.average, "req/s");
    server.kill("SIGTERM");

    await sqlBench(shipperId);
    await floorBench(sid, shipperId);
    await inProcessBench(sid);
  } finally {
    server.kill("SIGTERM");
    await devstack.close();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
