// The services behind the crons (inngest/functions), called directly against a real database for what a fired
// cron cannot show: races with a shipper's change, batch bounds, the local hour of the daily summary, and a failed
// send that a later run finishes without sending twice.
import { describe, expect, it } from "vitest";

import { outboxFor } from "../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../prisma/factories";
import { db } from "~/server/db";
import { expireStaleLoads } from "~/server/services/shipments/expire-stale-loads";
import { sendDailySummary } from "~/server/services/summaries/send-daily-summaries";
import { compactLocationPings } from "~/server/services/tracking/compact-location-pings";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const postedPast = async (shipperId: string, hoursAgo = 30) =>
  (await createShipment(db, { shipperId, status: "POSTED", createdAt: new Date(Date.now() - hoursAgo * HOUR) }))
    .shipment;

describe("expireStaleLoads", () => {
  it("works in bounded batches: a full batch says more may be left", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    await Promise.all([postedPast(shipper.id), postedPast(shipper.id), postedPast(shipper.id)]);
    const now = new Date();
    const first = await expireStaleLoads({ now, batchSize: 2 });
    expect(first).toMatchObject({ skipped: 0, done: false });
    expect(first.expired).toHaveLength(2);
    // Other files' stale loads may share this database, so batches go on until one says it is done.
    let last = await expireStaleLoads({ now, batchSize: 2 });
    for (let batch = 0; !last.done && batch < 1_000; batch++) {
      expect(last.expired.length + last.skipped).toBe(2);
      last = await expireStaleLoads({ now, batchSize: 2 });
    }
    expect(last.done).toBe(true);
    expect(last.expired.length + last.skipped).toBeLessThan(2);
    expect(await db.shipment.count({ where: { shipperId: shipper.id, status: "POSTED" } })).toBe(0);
  });

  it("skips a load whose shipper moved the window later while the cron waited for the row", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const load = await postedPast(shipper.id);
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // The shipper's edit holds the row while the cron reads the load as due, then commits a window in the future.
    const edit = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Shipment" WHERE "id" = ${load.id} FOR UPDATE`;
        locked();
        await released;
        await tx.shipment.update({
          where: { id: load.id },
          data: { pickupWindowEnd: new Date(Date.now() + 5 * HOUR), version: { increment: 1 } },
        });
      },
      { timeout: 30_000 },
    );
    await isLocked;
    const expiring = expireStaleLoads({ now: new Date(), batchSize: 100 });
    await new Promise((r) => setTimeout(r, 300));
    release();
    await edit;
    const result = await expiring;
    // On PostgreSQL the cron has read it as due and skips it after the lock; on PGlite (one connection) it reads
    // after the commit and never selects it. Either way it stays posted.
    expect(result.expired).not.toContain(load.id);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: load.id } })).status).toBe("POSTED");
  });
});

describe("compactLocationPings", () => {
  it("keeps one ping a minute per driver, walks shipments with a cursor, and leaves the others' pings", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const [a, b] = await Promise.all([createUser(db, { role: "DRIVER" }), createUser(db, { role: "DRIVER" })]);
    const make = async (driverId: string) =>
      (
        await createShipment(db, {
          shipperId: shipper.id,
          driverId,
          status: "COMPLETED",
          createdAt: new Date(Date.now() - 40 * DAY),
        })
      ).shipment;
    const [s1, s2] = await Promise.all([make(a.id), make(b.id)]);
    const minute = Math.floor((Date.now() - 31 * DAY) / 60_000) * 60_000;
    const ping = (shipmentId: string, driverId: string, sec: number) => ({
      shipmentId,
      driverId,
      lat: 41.9,
      lng: -87.6,
      recordedAt: new Date(minute + sec * 1000),
    });
    await db.locationPing.createMany({
      data: [
        // Two drivers' fixes in one minute on one job (a handover): one each survives.
        ping(s1.id, a.id, 1),
        ping(s1.id, a.id, 2),
        ping(s1.id, b.id, 3),
        ping(s1.id, b.id, 4),
        ping(s2.id, b.id, 10),
        ping(s2.id, b.id, 11),
      ],
    });
    const cutoff = new Date(Date.now() - 30 * DAY);
    const [firstId, secondId] = [s1.id, s2.id].sort();
    const first = await compactLocationPings({ cutoff, batchSize: 1 });
    expect(first).toMatchObject({ cursor: firstId, done: false });
    const second = await compactLocationPings({ cutoff, after: first.cursor, batchSize: 1 });
    expect(second).toMatchObject({ cursor: secondId, done: false });
    expect(await compactLocationPings({ cutoff, after: second.cursor, batchSize: 1 })).toEqual({
      deleted: 0,
      cursor: null,
      done: true,
    });
    expect(first.deleted + second.deleted).toBe(3);
    const left = await db.locationPing.findMany({
      where: { shipmentId: { in: [s1.id, s2.id] } },
      select: { shipmentId: true, driverId: true, recordedAt: true },
    });
    expect(
      left
        .map(
          (p) =>
            `${p.shipmentId === s1.id ? "s1" : "s2"}:${p.driverId === a.id ? "a" : "b"}:${(p.recordedAt.getTime() - minute) / 1000}`,
        )
        .sort(),
    ).toEqual(["s1:a:1", "s1:b:3", "s2:b:10"]);
  });
});

describe("sendDailySummary", () => {
  it("waits for 06:00 in the shipper's zone, sends once, and a failed send is finished by a later run", async () => {
    const shipper = await createUser(db, { role: "SHIPPER", email: "not-an-address" });
    const driver = await createUser(db, { role: "DRIVER" });
    // A fixed UTC+1 zone. `today` is a local midnight after the shipment's history, which ends 20 hours before 05:00.
    const today = Math.floor(Date.now() / DAY) * DAY + DAY - HOUR;
    const { shipment } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "IN_TRANSIT",
      createdAt: new Date(today - 15 * HOUR),
      stepMinutes: 30,
    });
    await db.shipment.update({ where: { id: shipment.id }, data: { pickupTimeZone: "Etc/GMT-1" } });

    await expect(sendDailySummary({ shipperId: shipper.id, now: new Date(today + 5 * HOUR) })).resolves.toEqual({
      sent: false,
      reason: "not yet",
    });
    // Resend refuses the address: the day is claimed but not stamped, and the error reaches the step (retried).
    const morning = new Date(today + 7 * HOUR);
    await expect(sendDailySummary({ shipperId: shipper.id, now: morning })).rejects.toThrow(/failed/);
    const day = new Date(today - DAY + HOUR).toISOString().slice(0, 10); // local midnight is 23:00 UTC
    expect(
      await db.dailySummary.findUniqueOrThrow({ where: { shipperId_day: { shipperId: shipper.id, day } } }),
    ).toMatchObject({
      sentAt: null,
      emailId: null,
      timeZone: "Etc/GMT-1",
    });

    const email = `summary-${shipper.id}@test.local`;
    await db.user.update({ where: { id: shipper.id }, data: { email } });
    await expect(sendDailySummary({ shipperId: shipper.id, now: morning })).resolves.toMatchObject({
      sent: true,
      day,
      changes: 5, // DRAFT, POSTED, ASSIGNED, PICKED_UP, IN_TRANSIT
    });
    await expect(sendDailySummary({ shipperId: shipper.id, now: new Date(today + 20 * HOUR) })).resolves.toEqual({
      sent: false,
      reason: "already sent",
    });
    const mails = await outboxFor(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/times in Etc\/GMT-1/);
    expect(mails[0]!.text).toContain(`${shipment.reference}, Chicago to Milwaukee, In transit`);
  });

  it("sends nothing to an account that is not an active, verified shipper", async () => {
    const driver = await createUser(db, { role: "DRIVER" });
    const unverified = await createUser(db, { role: "SHIPPER", verified: false });
    for (const u of [driver, unverified]) {
      await expect(sendDailySummary({ shipperId: u.id, now: new Date() })).resolves.toEqual({
        sent: false,
        reason: "not a shipper",
      });
    }
  });
});
