// The delivery-code lock notifies the shipper the way every notification goes: the lock's commit writes a
// `shipment/delivery-code.locked` outbox event, the executor runs notify-delivery-code-locked through the real
// /api/inngest route, and notify() writes the notification and sends each channel. Replays notify nobody twice.
import { describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../../prisma/factories";
import { outboxFor } from "../../../scripts/test/helpers";
import { settleInngest } from "../../../scripts/test/inngest";
import { inngest } from "../../../inngest/client";
import { db } from "~/server/db";
import { deliver } from "~/server/services/shipments/lifecycle";
import { MAX_DELIVERY_CODE_ATTEMPTS } from "~/server/services/shipments/secrets";

async function lockedLoad() {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const { shipment, deliveryCode } = await createShipment(db, {
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
  });
  const wrong = deliveryCode === "123456" ? "654321" : "123456";
  for (let i = 0; i < MAX_DELIVERY_CODE_ATTEMPTS; i++) {
    await expect(deliver({ driverId: driver.id, id: shipment.id, code: wrong })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  }
  return { shipper, driver, shipment };
}

describe("delivery code locked", () => {
  it("the lock reaches the shipper through the outbox and notify(): in the app, by email, SMS where verified", async () => {
    const { shipper, driver, shipment } = await lockedLoad();
    const phone = `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await db.user.update({ where: { id: shipper.id }, data: { phone, phoneVerifiedAt: new Date() } });
    const [event] = await db.outboxEvent.findMany({
      where: { name: "shipment/delivery-code.locked", data: { path: ["shipmentId"], equals: shipment.id } },
    });
    const lock = await db.shipmentEvent.findFirstOrThrow({
      where: { shipmentId: shipment.id, type: "DELIVERY_CODE_LOCKED" },
    });
    expect(event?.data).toEqual({ shipmentId: shipment.id, shipmentEventId: lock.id });
    await settleInngest();

    const notes = await db.notification.findMany({ where: { userId: shipper.id }, include: { deliveries: true } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      type: "DELIVERY_CODE_LOCKED",
      shipmentId: shipment.id,
      title: `Delivery code locked for ${shipment.reference}`,
      dedupeKey: `delivery-code-locked:${lock.id}`,
    });
    // Time-critical: SMS is on by default for this type, so the verified phone gets the text.
    const byChannel = Object.fromEntries((notes[0]?.deliveries ?? []).map((d) => [d.channel, d.status]));
    expect(byChannel).toEqual({ IN_APP: "SENT", EMAIL: "SENT", SMS: "SENT", PUSH: "SKIPPED" });
    expect((await outboxFor(shipper.email)).map((m) => m.subject)).toEqual([
      `Delivery code locked for ${shipment.reference}`,
    ]);
    const outbox = (await (await fetch(`${process.env.TWILIO_BASE_URL}/__outbox`)).json()) as {
      messages: { to: string; body: string }[];
    };
    expect(outbox.messages.filter((m) => m.to === phone).map((m) => m.body)).toEqual([
      expect.stringContaining(`Delivery code locked for ${shipment.reference}`),
    ]);
    expect(await db.notification.count({ where: { userId: driver.id } })).toBe(0);

    // The event replayed (the same id: dropped by Inngest) and copied under a new id (the key holds): still one.
    await inngest.send({ id: event!.id, name: event!.name, data: event!.data as Record<string, unknown> });
    await inngest.send({ id: `${event!.id}-copy`, name: event!.name, data: event!.data as Record<string, unknown> });
    await settleInngest();
    expect(await db.notification.count({ where: { userId: shipper.id } })).toBe(1);
    expect(await outboxFor(shipper.email)).toHaveLength(1);
    const again = (await (await fetch(`${process.env.TWILIO_BASE_URL}/__outbox`)).json()) as typeof outbox;
    expect(again.messages.filter((m) => m.to === phone)).toHaveLength(1);
  });

  it("a shipper who turned the type's email off gets it in the app only", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    await db.notificationPreference.create({
      data: { userId: shipper.id, type: "DELIVERY_CODE_LOCKED", channel: "EMAIL", enabled: false },
    });
    const driver = await createUser(db, { role: "DRIVER" });
    const { shipment, deliveryCode } = await createShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "IN_TRANSIT",
    });
    const wrong = deliveryCode === "123456" ? "654321" : "123456";
    for (let i = 0; i < MAX_DELIVERY_CODE_ATTEMPTS; i++) {
      await deliver({ driverId: driver.id, id: shipment.id, code: wrong }).catch(() => undefined);
    }
    await settleInngest();
    const note = await db.notification.findFirstOrThrow({
      where: { userId: shipper.id, type: "DELIVERY_CODE_LOCKED" },
      include: { deliveries: true },
    });
    expect(note.deliveries.map((d) => d.channel).sort()).toEqual(["IN_APP", "PUSH", "SMS"]);
    expect(await outboxFor(shipper.email)).toEqual([]);
  });
});
