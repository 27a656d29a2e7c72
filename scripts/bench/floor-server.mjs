// The floor for `npm run bench`: the list's two queries (session join, first page) behind a bare Node HTTP
// server with pg and JSON.stringify: no framework, no ORM, no validation. Whatever the app measures above this
// is the cost of Next.js, tRPC, Prisma and superjson; whatever this measures is the machine.
import http from "node:http";

import pg from "pg";

const [url, port, sessionId, shipperId] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 10 });
const sessionSql = `SELECT s."id", s."revokedAt", s."expiresAt", u."id" AS "userId", u."role"
  FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = $1`;
const pageSql = `SELECT id, reference, status, "pickupCity", "dropoffCity", "pickupWindowStart", "dropoffWindowEnd",
  "priceCents", currency, "createdAt" FROM "Shipment" WHERE "shipperId" = $1
  ORDER BY "createdAt" DESC, id DESC LIMIT 21`;

http
  .createServer((req, res) => {
    void (async () => {
      const session = await pool.query(sessionSql, [sessionId]);
      if (session.rowCount !== 1) {
        res.writeHead(401).end();
        return;
      }
      const page = await pool.query(pageSql, [shipperId]);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ items: page.rows.slice(0, 20) }));
    })().catch(() => res.writeHead(500).end());
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
