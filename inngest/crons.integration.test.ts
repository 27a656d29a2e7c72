// The crons of issue 11 §3, each fired on demand through the devstack executor and the app's real /api/inngest
// route (scripts/test/inngest.ts): the effect happens once, and a second run changes nothing.
import { describe, expect, it } from "vitest";

import { outboxFor } from "../scripts/test/helpers";
import { settleInngest, testInngest } from "../scripts/test/inngest";
import { listenTo } from "../scripts/test/pusher-listener";
import { createShipment, createUser } from "../prisma/factories";
import { trackingChannel } from "~/lib/realtime";
import { db } from "~/server/db";
import { AUTO_COMPLETED_NOTE } from "~/server/services/shipments/auto-complete-deliveries";
import { EXPIRED_REASON } from "~/server/services/shipments/expire-stale-loads";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Fires the cron function `id` now, waits for its run (and anything it started) to finish, returns the run. */
async function fireCron(id: string) {
  const started = testInngest().executor.fireCron(`trial-transport-${id}`);
  if (!started) throw new Error(`no cron function ${id}`);
  // A cron acts on every row of the worker's database (other files' too), and each change it makes starts
  // notification runs: give them most of the test's minute on a loaded machine.
  await settleInngest(50_000);
  const run = testInngest()
    .executor.runs()
    .find((r) => r.id === started.id);
  expect(run?.status, JSON.stringify(run?.error)).toBe("Completed");
  return run!;
}

/** A shipment's row and history, to compare before and after a second run. */
async function snapshot(id: string) {
  const s = await db.shipment.findUniqueOrThrow({
    where: { id },
    select: { status: true, version: true, cancelReason: true, updatedAt: true },
  });
  const events = await db.shipmentEvent.findMany({
    where: { shipmentId: id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, type: true, toStatus: true, actorId: true, note: true },
  });
  return { ...s, events };
}

describe("cron: expire stale loads", () => {
  it("cancels a posted load whose pick-up window ended, says why, publishes it, and only once", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    // The factory puts the pick-up window 24–28 h after createdAt: ended 2 h ago, and in 22 h.
    const { shipment: stale, trackingToken } = await createShipment(db, {
      shipperId: shipper.id,
      status: "POSTED",
      createdAt: new Date(Date.now() - 30 * HOUR),
    });
    const { shipment: fresh } = await createShipment(db, { shipperId: shipper.id, status: "POSTED" });
    const feed = await listenTo(trackingChannel(trackingToken));
    try {
      const run = await fireCron("expire-stale-loads");
      expect(run.output).toMatchObject({ more: false });

      const after = await snapshot(stale.id);
      expect(after).toMatchObject({ status: "CANCELLED", cancelReason: EXPIRED_REASON });
      expect(after.events.at(-1)).toMatchObject({
        type: "CANCELLED",
        toStatus: "CANCELLED",
        actorId: null,
        note: EXPIRED_REASON,
      });
      await expect(
        feed.next("status", { where: (d) => (d as { status?: string }).status === "CANCELLED" }),
      ).resolves.toMatchObject({ shipmentId: stale.id, status: "CANCELLED" });
      expect((await db.shipment.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("POSTED");

      await fireCron("expire-stale-loads");
      expect(await snapshot(stale.id)).toEqual(after);
      expect((await db.shipment.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("POSTED");
    } finally {
      await feed.close();
    }
  });
});

describe("cron: auto-complete deliveries", () => {
  it("completes a shipment delivered more than 48 h ago, once, and leaves a newer one", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    // The factory stamps deliveredAt at createdAt.
    const { shipment: due } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "DELIVERED",
      createdAt: new Date(Date.now() - 49 * HOUR),
    });
    const { shipment: recent } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "DELIVERED",
      createdAt: new Date(Date.now() - 47 * HOUR),
    });

    await fireCron("auto-complete-deliveries");
    const after = await snapshot(due.id);
    expect(after.status).toBe("COMPLETED");
    expect(after.events.at(-1)).toMatchObject({
      type: "COMPLETED",
      toStatus: "COMPLETED",
      actorId: null,
      note: AUTO_COMPLETED_NOTE,
    });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: due.id } })).completedAt).not.toBeNull();
    expect((await db.shipment.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("DELIVERED");

    await fireCron("auto-complete-deliveries");
    expect(await snapshot(due.id)).toEqual(after);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("DELIVERED");
  });
});

describe("cron: compact location pings", () => {
  it("keeps the first ping of each minute older than 30 days, leaves newer pings, and a second run deletes nothing", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const { shipment } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "COMPLETED",
      createdAt: new Date(Date.now() - 40 * DAY),
    });
    const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
    const old = minute(Date.now() - 31 * DAY);
    const recent = minute(Date.now() - 29 * DAY);
    const at = (base: number, sec: number) => new Date(base + sec * 1000);
    const ping = (recordedAt: Date) => ({
      shipmentId: shipment.id,
      driverId: driver.id,
      lat: 41.88,
      lng: -87.63,
      recordedAt,
    });
    await db.locationPing.createMany({
      data: [
        // Old: three in one minute, two in the next, one alone: three survive, the earliest of each minute.
        ping(at(old, 5)),
        ping(at(old, 20)),
        ping(at(old, 59)),
        ping(at(old, 61)),
        ping(at(old, 90)),
        ping(at(old, 130)),
        // Recent (29 days): all kept.
        ping(at(recent, 1)),
        ping(at(recent, 2)),
        ping(at(recent, 3)),
      ],
    });
    const times = async () =>
      (
        await db.locationPing.findMany({
          where: { shipmentId: shipment.id },
          orderBy: { recordedAt: "asc" },
          select: { recordedAt: true },
        })
      ).map((p) => p.recordedAt.getTime());

    const first = await fireCron("compact-location-pings");
    expect((first.output as { deleted: number }).deleted).toBeGreaterThanOrEqual(3);
    const kept = [old + 5_000, old + 61_000, old + 130_000, recent + 1_000, recent + 2_000, recent + 3_000];
    expect(await times()).toEqual(kept);

    const second = await fireCron("compact-location-pings");
    expect(second.output).toMatchObject({ deleted: 0, more: false });
    expect(await times()).toEqual(kept);
  });
});

/** An IANA zone (fixed offset, `Etc/GMT∓n`) where the local time now is about noon, so the summary is due. */
function zoneAtNoon(): string {
  const offset = 12 - new Date().getUTCHours(); // -11 … +12
  if (offset === 0) return "UTC"; // Intl names Etc/GMT "UTC"
  // Etc/GMT zones have inverted signs: Etc/GMT-5 is UTC+5.
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("cron: daily summary", () => {
  it("emails a shipper yesterday's changes in their zone once, and nobody without activity", async () => {
    const zone = zoneAtNoon();
    const shipper = await createUser(db, { role: "SHIPPER" });
    const quiet = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    // Local time is about noon, so 24 h ago (and the history steps 45 min apart before it) is yesterday morning.
    const { shipment } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "ASSIGNED",
      createdAt: new Date(Date.now() - DAY),
    });
    await db.shipment.update({ where: { id: shipment.id }, data: { pickupTimeZone: zone } });
    // The quiet shipper's load changed today only: nothing to summarise for yesterday.
    const { shipment: today } = await createShipment(db, { shipperId: quiet.id, status: "POSTED" });
    await db.shipment.update({ where: { id: today.id }, data: { pickupTimeZone: zone } });

    await fireCron("send-daily-summaries");
    const mails = await outboxFor(shipper.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toMatch(/^Your Trial Transport loads on \w{3} \d{1,2}, \d{4}: 3 updates$/);
    expect(mail.text).toContain(`times in ${zone}`);
    expect(mail.text).toContain(`${shipment.reference}, Chicago to Milwaukee, Assigned`);
    expect(mail.text).toContain("Posted");
    expect(await outboxFor(quiet.email)).toHaveLength(0);
    const rows = await db.dailySummary.findMany({ where: { shipperId: { in: [shipper.id, quiet.id] } } });
    expect(rows).toEqual([
      expect.objectContaining({ shipperId: shipper.id, timeZone: zone, sentAt: expect.any(Date), emailId: mail.id }),
    ]);

    await fireCron("send-daily-summaries");
    expect(await outboxFor(shipper.email)).toHaveLength(1);
    expect(await db.dailySummary.count({ where: { shipperId: shipper.id } })).toBe(1);
  });
});
