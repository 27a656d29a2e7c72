// The embedded database under the load of a dev server: a burst of concurrent requests (reads, interactive
// transactions that commit or roll back on a business error, batches) on one PGlite instance. Every request must
// get its own answer, and nothing may reject unhandled. Runs on PGlite whatever DATABASE_URL says, since
// `npm run dev` uses PGlite while CI runs the rest on PostgreSQL.
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { PrismaClient } from "~/generated/prisma/client";
import { createUser } from "../../prisma/factories";
import { deployMigrations } from "../../scripts/db/engine";
import { pgliteClient } from "./db";
import { openPglite } from "./pglite";

let pglite: PGlite;
let client: PrismaClient;

beforeAll(async () => {
  pglite = await openPglite();
  await deployMigrations({ kind: "pglite", instance: pglite });
  client = pgliteClient(pglite);
});

afterAll(async () => {
  await client.$disconnect();
  await pglite.close();
});

class BusinessError extends Error {}

describe("PGlite under concurrent requests", () => {
  it("answers a burst of 60 requests, transactions queued behind each other included", async () => {
    const user = await createUser(client, { role: "SHIPPER" });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const requests = Array.from({ length: 60 }, (_, i) => {
        switch (i % 4) {
          case 0:
            // A transaction that holds the single connection for a while, as a request doing several writes does.
            return client.$transaction(async (tx) => {
              await tx.user.update({ where: { id: user.id }, data: { name: `Renamed ${i}` } });
              await new Promise((resolve) => setTimeout(resolve, 60));
              return tx.user.count();
            });
          case 1:
            // A wrong delivery code or a taken load: the service throws inside the transaction, which rolls back.
            return client
              .$transaction(async (tx) => {
                await tx.user.update({ where: { id: user.id }, data: { phone: "+13125550000" } });
                throw new BusinessError("expected");
              })
              .catch((error: unknown) => (error instanceof BusinessError ? "rolled back" : Promise.reject(error)));
          case 2:
            return client.$transaction([client.user.count(), client.shipment.count()]);
          default:
            return client.user.findUnique({ where: { id: user.id }, select: { id: true } });
        }
      });
      const outcomes = await Promise.allSettled(requests);
      const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason).slice(0, 200)] : []));
      expect(failures).toEqual([]);
      // The rolled-back writes left nothing behind; the committed ones did.
      const after = await client.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(after.phone).toBeNull();
      expect(after.name).toMatch(/^Renamed \d+$/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
