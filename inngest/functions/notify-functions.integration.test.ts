// The notification functions one at a time with @inngest/test (no executor): the function body, its steps and its
// idempotency against the real database. step.sleep is mocked (unmocked it would hang: PLATFORM.md).
import { InngestTestEngine } from "@inngest/test";
import type { EventPayload } from "inngest";
import { describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../prisma/factories";
import { outboxFor } from "../../scripts/test/helpers";
import { notifyNewMessageFn } from "./notify-new-message";
import { notifyStatusChangeFn } from "./notify-status-change";
import { pickupRemindersFn } from "./pickup-reminders";
import { db } from "~/server/db";

const skipSleep = () => [{ id: "give-them-time-to-read", handler: () => undefined }];

/** A fresh engine per run: one engine keeps step state between its executions. */
const engine = (fn: ConstructorParameters<typeof InngestTestEngine>[0]["function"]) => ({
  execute: (opts: Parameters<InngestTestEngine["execute"]>[0]) => new InngestTestEngine({ function: fn }).execute(opts),
});

async function assigned() {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const { shipment } = await createShipment(db, { shipperId: shipper.id, driverId: driver.id, status: "ASSIGNED" });
  return { shipper, driver, shipment };
}

async function message(shipmentId: string, senderId: string, body: string) {
  return db.message.create({ data: { shipmentId, senderId, body } });
}

describe("notify-new-message", () => {
  const t = engine(notifyNewMessageFn);
  const sent = (m: { id: string; shipmentId: string; senderId: string }) => ({
    events: [
      {
        id: `evt-${m.id}`,
        name: "message/sent",
        data: { messageId: m.id, shipmentId: m.shipmentId, senderId: m.senderId },
      },
    ] as [EventPayload],
    steps: skipSleep(),
  });

  it("waits 2 minutes, then tells the other party of a message they have not read", { timeout: 20_000 }, async () => {
    const { shipper, driver, shipment } = await assigned();
    const m = await message(shipment.id, driver.id, "At the gate, which dock?");
    const { result, ctx } = await t.execute(sent({ id: m.id, shipmentId: shipment.id, senderId: driver.id }));
    expect(ctx.step.sleep).toHaveBeenCalledWith("give-them-time-to-read", "2m");
    expect(result).toMatchObject({ notified: [expect.any(String)] });
    const [n] = await db.notification.findMany({ where: { userId: shipper.id } });
    expect(n).toMatchObject({ type: "NEW_MESSAGE", shipmentId: shipment.id, body: "At the gate, which dock?" });
    expect(await db.notification.count({ where: { userId: driver.id } })).toBe(0);
  });

  it("says nothing when the message was read in time", async () => {
    const { shipper, driver, shipment } = await assigned();
    const read = await message(shipment.id, driver.id, "first");
    await db.conversationRead.upsert({
      where: { shipmentId_userId: { shipmentId: shipment.id, userId: shipper.id } },
      create: { shipmentId: shipment.id, userId: shipper.id, lastReadAt: new Date(Date.now() + 1000) },
      update: { lastReadAt: new Date(Date.now() + 1000) },
    });
    await expect(t.execute(sent({ id: read.id, shipmentId: shipment.id, senderId: driver.id }))).resolves.toMatchObject(
      { result: { notified: [] } },
    );
    expect(await db.notification.count({ where: { userId: shipper.id } })).toBe(0);
  });

  it("a burst of messages is one notification per conversation per 5 minutes", async () => {
    const { shipper, driver, shipment } = await assigned();
    const burst = [];
    for (const body of ["second", "third", "fourth"]) burst.push(await message(shipment.id, driver.id, body));
    for (const m of burst) await t.execute(sent({ id: m.id, shipmentId: shipment.id, senderId: driver.id }));
    expect(await db.notification.count({ where: { userId: shipper.id, type: "NEW_MESSAGE" } })).toBe(1);
  });
});

describe("notify-status-change", () => {
  const t = engine(notifyStatusChangeFn);

  it("the same event (id) run twice gives one notification per party", { timeout: 20_000 }, async () => {
    const { shipper, driver, shipment } = await assigned();
    const event = {
      id: `evt-status-${shipment.id}`,
      name: "shipment/status.changed",
      data: { shipmentId: shipment.id, from: "POSTED", to: "ASSIGNED", actorId: driver.id, formerDriverId: null },
    };
    const first = await t.execute({ events: [event] });
    const second = await t.execute({ events: [event] });
    expect([first.error, second.error]).toEqual([undefined, undefined]);
    const rows = await db.notification.findMany({ where: { userId: shipper.id }, include: { deliveries: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.title).toBe(`${shipment.reference} was accepted`);
    expect(rows[0]?.deliveries.map((d) => [d.channel, d.status]).sort()).toEqual([
      ["EMAIL", "SENT"],
      ["IN_APP", "SENT"],
      ["PUSH", "SKIPPED"],
    ]);
    expect(await outboxFor(shipper.email)).toHaveLength(1);
  });
});

describe("pickup-reminders", () => {
  const t = engine(pickupRemindersFn);

  it("reminds the driver of a pick-up window opening within the hour, once however often it runs", async () => {
    const { driver, shipment } = await assigned();
    const later = await assigned();
    const start = new Date(Date.now() + 40 * 60_000);
    await db.shipment.update({
      where: { id: shipment.id },
      data: { pickupWindowStart: start, pickupWindowEnd: new Date(start.getTime() + 2 * 3600_000) },
    });
    const farStart = new Date(Date.now() + 3 * 3600_000);
    await db.shipment.update({
      where: { id: later.shipment.id },
      data: { pickupWindowStart: farStart, pickupWindowEnd: new Date(farStart.getTime() + 3600_000) },
    });
    await t.execute({ events: [{ id: "cron-1", name: "inngest/scheduled.timer", data: {} }] });
    await t.execute({ events: [{ id: "cron-2", name: "inngest/scheduled.timer", data: {} }] });
    const reminders = await db.notification.findMany({ where: { userId: driver.id, type: "PICKUP_REMINDER" } });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.title).toBe(`Pick-up soon: ${shipment.reference}`);
    // In the pick-up's own zone, named (Chicago in November: CST).
    expect(reminders[0]?.body).toMatch(/CST/);
    expect(await db.notification.count({ where: { userId: later.driver.id, type: "PICKUP_REMINDER" } })).toBe(0);
  });
});
