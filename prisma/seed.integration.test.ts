// The demo seed, run into a fresh database as `npm run dev` runs it on a fresh clone: the admin's exceptions queue
// lists every kind it knows, and a second seed adds nothing.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { deployMigrations } from "../scripts/db/engine";
import { estimateRoad } from "~/lib/route-estimate";
import { PrismaClient } from "~/generated/prisma/client";
import { pgliteClient } from "~/server/db";
import { newPglite } from "~/server/pglite";
import { exceptionKinds, listExceptions } from "~/server/services/admin/exceptions";
import { seed } from "./seed";

let client: PrismaClient;
let drop: () => Promise<void>;

/** A migrated database of this file's own: a new one on the test PostgreSQL server, else an in-memory PGlite. */
async function freshDatabase(): Promise<{ client: PrismaClient; drop: () => Promise<void> }> {
  const [url] = inject("databaseUrls");
  if (!url) {
    const pglite = newPglite("memory://");
    await deployMigrations({ kind: "pglite", instance: pglite });
    const c = pgliteClient(pglite);
    return { client: c, drop: async () => void (await c.$disconnect(), await pglite.close()) };
  }
  const name = `tt_seed_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const server = new URL(url);
  server.pathname = "/postgres";
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  await deployMigrations({ kind: "postgres", url: target.toString() });
  const c = new PrismaClient({ adapter: new PrismaPg({ connectionString: target.toString() }) });
  return {
    client: c,
    drop: async () => {
      await c.$disconnect();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

beforeAll(async () => {
  ({ client, drop } = await freshDatabase());
});

afterAll(async () => {
  await drop();
});

/** Every open exception in the seeded database, as `kind:subjectId`, with the counts per kind. */
async function queue() {
  const res = await listExceptions({ page: 1, pageSize: 100 }, client);
  return { keys: res.items.map((i) => `${i.kind}:${i.subjectId}`).sort(), byKind: res.byKind, items: res.items };
}

describe("the demo seed", () => {
  it("feeds the exceptions queue with every kind it knows, and a re-seed adds nothing", async () => {
    expect(await seed(client)).toEqual({ created: true });

    const first = await queue();
    for (const kind of exceptionKinds) expect(first.byKind[kind], kind).toBeGreaterThanOrEqual(1);
    // Rows an admin can act on: a shipment's reference (TT-…) where there is one, the person's page otherwise.
    const locked = first.items.find((i) => i.kind === "DELIVERY_CODE_LOCKED")!;
    expect(locked.reference).toMatch(/^TT-[2-9A-HJKMNP-TV-Z]{6}$/);
    expect(locked.href).toBe(`/admin/shipments/${locked.shipmentId}`);
    const failedEmail = first.items.find((i) => i.kind === "NOTIFICATION_FAILED")!;
    expect(failedEmail.detail).toMatch(/^EMAIL: 550 /);
    expect(failedEmail.shipmentId).toBe(locked.shipmentId);
    const webhook = first.items.find((i) => i.kind === "WEBHOOK_FAILING")!;
    expect(webhook.detail).toContain("account.updated");
    // Replayable: the event is recorded with its payload (Replay refused "not recorded" without one), and the row
    // is named by its event, not a bare id; Act leads to payouts, not the admin's overview.
    const failure = await client.webhookFailure.findUniqueOrThrow({ where: { id: webhook.subjectId } });
    const event = await client.stripeEvent.findUniqueOrThrow({ where: { id: failure.eventId } });
    expect(event.payload).toMatchObject({ id: failure.eventId, type: failure.eventType, data: { object: {} } });
    expect(event.appliedAt).toBeNull();
    expect(webhook.title).toBe(`Stripe event ${failure.eventId}`);
    expect(webhook.href).toBe("/admin/payouts");
    const payout = first.items.find((i) => i.kind === "PAYOUT_FAILED")!;
    expect(payout.title).toMatch(/^Payout to \S/);

    const counts = async () => ({
      shipments: await client.shipment.count(),
      notifications: await client.notificationDelivery.count(),
      payments: await client.payment.count(),
      payouts: await client.payout.count(),
      webhooks: await client.webhookFailure.count(),
      users: await client.user.count(),
    });
    const before = await counts();
    expect(await seed(client)).toEqual({ created: false });
    expect(await counts()).toEqual(before);
    // The same rows, by the same fixed ids.
    expect((await queue()).keys).toEqual(first.keys);
  });

  it("prices and times every lane as the app does without a key, so the pages' estimate note matches the figures", async () => {
    const rows = await client.shipment.findMany({
      select: {
        pickupLat: true,
        pickupLng: true,
        dropoffLat: true,
        dropoffLng: true,
        requiredVehicleType: true,
        distanceKm: true,
        durationMin: true,
      },
    });
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const e = estimateRoad(
        { lat: r.pickupLat, lng: r.pickupLng },
        { lat: r.dropoffLat, lng: r.dropoffLng },
        r.requiredVehicleType,
      );
      expect(r.distanceKm).toBeCloseTo(e.distanceMeters / 1000, 0);
      expect(r.durationMin).toBe(Math.round(e.durationSec / 60));
    }
  });
});
