// The floor for `npm run bench:realtime`'s ingest: the same `POST { pings }` batches stored by a bare Node HTTP
// server with a pg Pool and ONE multi-row INSERT … ON CONFLICT DO NOTHING per batch, answered in the ingest
// route's shape (`{ results: [{ recordedAt, status }] }`). No session, no validation, no framework, no publish:
// whatever the app measures below this is the cost of Next.js, auth, validation, Prisma and the publish; this is
// the machine. The driver id comes from the `x-bench-driver` header (the app reads it from the session instead).
// Usage: node ping-floor-server.mjs <database url> <port> <pool size>; prints "ready" once listening.
import http from "node:http";

import pg from "pg";

const [url, port, poolSize] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize) });
const insertSql = `INSERT INTO "LocationPing"
    ("shipmentId", "driverId", "lat", "lng", "accuracyM", "speedKmh", "headingDeg", "recordedAt")
  SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
    $8::timestamptz[])
  ON CONFLICT ("driverId", "shipmentId", "recordedAt") DO NOTHING
  RETURNING (extract(epoch FROM "recordedAt") * 1000)::bigint AS "recordedAt"`;

async function store(driverId, pings) {
  const columns = [[], [], [], [], [], [], [], []];
  for (const p of pings) {
    columns[0].push(p.shipmentId);
    columns[1].push(driverId);
    columns[2].push(p.lat);
    columns[3].push(p.lng);
    columns[4].push(p.accuracyM ?? null);
    columns[5].push(p.speedKmh ?? null);
    columns[6].push(p.headingDeg ?? null);
    columns[7].push(new Date(p.recordedAt).toISOString());
  }
  const { rows } = await pool.query(insertSql, columns);
  const stored = new Set(rows.map((r) => Number(r.recordedAt)));
  return pings.map((p) => ({ recordedAt: p.recordedAt, status: stored.has(p.recordedAt) ? "stored" : "duplicate" }));
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const { pings } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const results = await store(String(req.headers["x-bench-driver"]), pings);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ results }));
      })().catch((error) => {
        console.error("ping floor:", error.message);
        res.writeHead(500).end();
      });
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => void pool.end().finally(() => process.exit(0)));
