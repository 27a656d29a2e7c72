// The demo seed, run into a fresh database as `npm run dev` runs it on a fresh clone: the admin's exceptions queue
// lists every kind it knows, and a second seed adds nothing; proof of delivery can be tried (Dana's load in transit
// requires photo + signature + code, the delivered one has a full proof whose photo and signature the seed's second
// step stores in the UploadThing stand-in as the app's upload path does), and every completed load has a proof, so
// the weekly payout pays the demo driver.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";

import { startStripeStandIn } from "../devstack/stripe";
import { startUploadThingStandIn } from "../devstack/uploadthing";
import { deployMigrations } from "../scripts/db/engine";
import { estimateRoad } from "~/lib/route-estimate";
import { PrismaClient } from "~/generated/prisma/client";
import { pgliteClient } from "~/server/db";
import { newPglite } from "~/server/pglite";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { exceptionKinds, listExceptions } from "~/server/services/admin/exceptions";
import { seed, seedProofFilesWith } from "./seed";
import { DEMO_DELIVERED_ID, DEMO_IN_TRANSIT_ID, demoCargoPhoto, seedProofFiles } from "./seed-proof-files";
import { DEMO_SUBSCRIBERS, seedDemoSubscriptions } from "./seed-subscriptions";

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

  it("lets a newcomer try proof of delivery: Dana's load in transit requires photo, signature and code", async () => {
    const s = await client.shipment.findUniqueOrThrow({
      where: { id: DEMO_IN_TRANSIT_ID },
      select: { status: true, podRequires: true, pickupCity: true, dropoffCity: true, driver: true, shipper: true },
    });
    expect(s).toMatchObject({ status: "IN_TRANSIT", pickupCity: "Chicago", dropoffCity: "Detroit" });
    expect(s.podRequires.sort()).toEqual(["CODE", "PHOTO", "SIGNATURE"]);
    expect(s.driver?.email).toBe("driver@demo.test");
    expect(s.shipper.email).toBe("shipper@demo.test");
  });

  it("Dana's delivered load has a full proof, its photo public on the tracking page", async () => {
    const s = await client.shipment.findUniqueOrThrow({
      where: { id: DEMO_DELIVERED_ID },
      include: { proofOfDelivery: true, driver: true, shipper: true },
    });
    expect(s).toMatchObject({
      status: "DELIVERED",
      pickupCity: "Milwaukee",
      dropoffCity: "Chicago",
      podPhotoPublic: true,
    });
    expect(s.driver?.email).toBe("driver@demo.test");
    expect(s.shipper.email).toBe("shipper@demo.test");
    const proof = s.proofOfDelivery!;
    expect(proof).toMatchObject({ method: "SIGNATURE", recipientName: s.recipientName, deliveredAt: s.deliveredAt });
    expect(proof.capturedAt!.getTime()).toBeLessThan(proof.deliveredAt.getTime());
    // Sent while online: the proof card says "sent when it was back online" only past a minute's difference.
    expect(proof.deliveredAt.getTime() - proof.capturedAt!.getTime()).toBeLessThanOrEqual(60_000);
    expect(proof.capturedAt!.getTime()).toBeGreaterThan(s.inTransitAt!.getTime());
    expect(proof.lat).toBeCloseTo(s.dropoffLat, 2);
    expect(proof.lng).toBeCloseTo(s.dropoffLng, 2);
  });

  it("every completed load has a proof at its delivery time, so the weekly payout pays the demo driver", async () => {
    const completed = await client.shipment.findMany({
      where: { status: "COMPLETED" },
      select: { deliveredAt: true, driver: { select: { email: true } }, proofOfDelivery: true },
    });
    expect(completed.length).toBeGreaterThanOrEqual(26);
    for (const c of completed) {
      expect(c.proofOfDelivery).toMatchObject({ method: "CODE", deliveredAt: c.deliveredAt });
    }
    // What src/server/services/payouts/weekly.ts groups: COMPLETED, with a proof, in no payout yet.
    const payable = await client.shipment.count({
      where: {
        status: "COMPLETED",
        driver: { email: "driver@demo.test" },
        proofOfDelivery: { isNot: null },
        payoutItems: { none: {} },
      },
    });
    expect(payable).toBeGreaterThanOrEqual(25);
  });

  it("stores the delivered load's photo and signature in UploadThing as the upload path does, once", async () => {
    const standIn = await startUploadThingStandIn({ port: 0 });
    const utapi = utapiFor({
      token: standIn.token,
      ingestUrl: standIn.url,
      apiUrl: standIn.url,
      ufsHost: standIn.ufsHost,
      ufsAppIdLocation: "path",
    });
    try {
      // The photo as drawn carries a phone's EXIF (so its absence after cleaning means something).
      expect((await sharp(await demoCargoPhoto()).metadata()).exif).toBeDefined();
      expect(await seedProofFiles(client, utapi)).toBe("stored");

      const proof = await client.proofOfDelivery.findUniqueOrThrow({
        where: { shipmentId: DEMO_DELIVERED_ID },
        include: { photoFile: true, signatureFile: true },
      });
      const read = async (key: string) => {
        const { ufsUrl } = await utapi.generateSignedURL(key, { expiresIn: 60 });
        const res = await fetch(ufsUrl);
        expect(res.status).toBe(200);
        return Buffer.from(await res.arrayBuffer());
      };
      const driver = await client.user.findUniqueOrThrow({ where: { email: "driver@demo.test" } });
      for (const [file, kind, route, mime] of [
        [proof.photoFile, "POD_PHOTO", "podPhoto", "image/jpeg"],
        [proof.signatureFile, "SIGNATURE", "podSignature", "image/png"],
      ] as const) {
        expect(file).toMatchObject({ kind, route, mimeType: mime, ownerId: driver.id, shipmentId: DEMO_DELIVERED_ID });
        const bytes = await read(file!.key);
        expect(file!.sizeBytes).toBe(bytes.byteLength);
        expect(file!.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
        const meta = await sharp(bytes).metadata();
        expect(meta.exif).toBeUndefined();
        expect([file!.width, file!.height]).toEqual([meta.width, meta.height]);
        expect(file!.thumbnailKey).not.toBeNull();
        expect((await read(file!.thumbnailKey!)).byteLength).toBeGreaterThan(0);
        // The upload as it arrived (with the camera's metadata) is gone; the clean copy replaced it.
        const { ufsUrl } = await utapi.generateSignedURL(file!.sourceKey!, { expiresIn: 60 });
        expect((await fetch(ufsUrl)).status).toBe(404);
      }
      expect(proof.photoFile!.width).toBe(1280);

      // Idempotent: a second run (the next `npm run dev`) stores nothing more.
      const files = await client.file.count();
      const objects = (await utapi.listFiles({ limit: 500 })).files.length;
      expect(await seedProofFiles(client, utapi)).toBe("present");
      await seedProofFilesWith(client, {
        token: standIn.token,
        ingestUrl: standIn.url,
        apiUrl: standIn.url,
        ufsHost: standIn.ufsHost,
        ufsAppIdLocation: "path",
      });
      expect(await client.file.count()).toBe(files);
      expect((await utapi.listFiles({ limit: 500 })).files.length).toBe(objects);
    } finally {
      await standIn.close();
    }
  });

  it("without UploadThing (`npm run db:seed` alone) the files step says why in one line and does not fail", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      // With both images stored there is nothing to say.
      await seedProofFilesWith(client, null);
      expect(log).not.toHaveBeenCalled();
      await client.proofOfDelivery.update({ where: { shipmentId: DEMO_DELIVERED_ID }, data: { photoFileId: null } });
      await seedProofFilesWith(client, null);
      expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/not stored: UPLOADTHING_TOKEN is not set/));
      const closed = await startUploadThingStandIn({ port: 0 });
      const config = { token: closed.token, ingestUrl: closed.url, apiUrl: closed.url, ufsHost: closed.ufsHost };
      await closed.close();
      await seedProofFilesWith(client, { ...config, ufsAppIdLocation: "path" });
      expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/not stored: UploadThing did not answer/));
    } finally {
      log.mockRestore();
    }
  });

  it("subscribes the demo shippers to Business in the Stripe stand-in, once, across a restart of the stand-in", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "seed-stripe-"));
    const sdk = (s: { secretKey: string; host: string; port: number }) =>
      new Stripe(s.secretKey, { host: s.host, port: s.port, protocol: "http", maxNetworkRetries: 0 });
    let standIn = await startStripeStandIn({ dataDir });
    try {
      const users = await client.user.findMany({
        where: { email: { in: [...DEMO_SUBSCRIBERS] } },
        select: { id: true, email: true },
      });
      expect(users).toHaveLength(2);
      // As seeded: a row Stripe does not know.
      for (const u of users) {
        const rows = await client.subscription.findMany({ where: { userId: u.id } });
        expect(rows.map((r) => r.stripeSubscriptionId)).toEqual([`sub_demo_${u.id}`]);
      }
      expect(await seedDemoSubscriptions(client, sdk(standIn))).toEqual({ linked: [...DEMO_SUBSCRIBERS], present: [] });

      const check = async (stripe: Stripe) => {
        for (const u of users) {
          const rows = await client.subscription.findMany({ where: { userId: u.id } });
          expect(rows).toHaveLength(1);
          const row = rows[0]!;
          const user = await client.user.findUniqueOrThrow({ where: { id: u.id } });
          const sub = await stripe.subscriptions.retrieve(row.stripeSubscriptionId);
          const item = sub.items.data[0]!;
          expect(sub).toMatchObject({ status: "active", customer: user.stripeCustomerId });
          expect(item.price.lookup_key).toBe("tt_business_monthly");
          expect(row).toMatchObject({ plan: "BUSINESS", status: "ACTIVE", stripePriceId: item.price.id });
          // Monthly: the period Stripe bills ends a month after it started, and the row says so.
          expect(row.currentPeriodEnd.getTime()).toBe(item.current_period_end * 1000);
          const monthOn = new Date(item.current_period_start * 1000);
          monthOn.setUTCMonth(monthOn.getUTCMonth() + 1);
          expect(item.current_period_end * 1000).toBe(monthOn.getTime());
          const all = await stripe.subscriptions.list({ customer: user.stripeCustomerId!, status: "all" });
          expect(all.data.map((s) => s.id)).toEqual([sub.id]);
          const portal = await stripe.billingPortal.sessions.create({ customer: user.stripeCustomerId! });
          expect(portal.url).toContain("/p/session/");
        }
      };
      await check(sdk(standIn));

      // The next `npm run dev`: nothing to do, also once the stand-in restarted on its data dir; a re-seed adds no row.
      expect(await seedDemoSubscriptions(client, sdk(standIn))).toEqual({ linked: [], present: [...DEMO_SUBSCRIBERS] });
      await standIn.close();
      standIn = await startStripeStandIn({ dataDir });
      await seed(client);
      expect(await seedDemoSubscriptions(client, sdk(standIn))).toEqual({ linked: [], present: [...DEMO_SUBSCRIBERS] });
      await check(sdk(standIn));
    } finally {
      await standIn.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
