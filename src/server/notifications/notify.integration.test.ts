// Notifications through the real executor, the real /api/inngest route, the Resend and Pusher stand-ins: a status
// change -> notify-status-change -> Notification and delivery rows -> the email in Resend's outbox.
import { afterEach, describe, expect, it } from "vitest";

import { outboxFor, uniqueEmail } from "../../../scripts/test/helpers";
import { settleInngest } from "../../../scripts/test/inngest";
import { createShipment, createUser } from "../../../prisma/factories";
import { db } from "~/server/db";
import { depart, pickUp } from "~/server/services/shipments/lifecycle";
import { announceArrivingOnce } from "./arriving-soon";
import { registerChannel } from "./channels";
import { createNotification, sendDelivery, TURNED_OFF_SINCE } from "./notify";
import { setPreference } from "./preferences";
import { readUnsubscribeToken, unsubscribe } from "./unsubscribe";

async function assignedLoad() {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const { shipment } = await createShipment(db, { shipperId: shipper.id, driverId: driver.id, status: "ASSIGNED" });
  const recipientEmail = uniqueEmail("recipient");
  await db.shipment.update({ where: { id: shipment.id }, data: { recipientEmail } });
  return { shipper, driver, shipment, recipientEmail };
}

const deliveriesOf = async (userId: string) =>
  (
    await db.notification.findMany({
      where: { userId },
      include: { deliveries: { orderBy: { channel: "asc" } } },
      orderBy: { createdAt: "asc" },
    })
  ).map((n) => ({ title: n.title, deliveries: n.deliveries.map((d) => [d.channel, d.status, d.error]) }));

let unregister: (() => void) | null = null;
afterEach(() => {
  unregister?.();
  unregister = null;
});

describe("notify", () => {
  it("a pick-up notifies the shipper in the app and by email, and emails the recipient the tracking link", async () => {
    const { shipper, driver, shipment, recipientEmail } = await assignedLoad();
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest();

    const [notice] = await db.notification.findMany({ where: { userId: shipper.id }, include: { deliveries: true } });
    expect(notice).toMatchObject({ type: "SHIPMENT_STATUS", shipmentId: shipment.id, readAt: null });
    expect(notice?.title).toBe(`${shipment.reference} was picked up`);
    const byChannel = Object.fromEntries((notice?.deliveries ?? []).map((d) => [d.channel, d]));
    expect(byChannel.IN_APP).toMatchObject({ status: "SENT", attempts: 1 });
    expect(byChannel.EMAIL).toMatchObject({ status: "SENT", attempts: 1, providerId: expect.any(String) });
    // Web push is on by default, but the shipper turned it on in no browser: recorded, never pretended.
    expect(byChannel.PUSH).toMatchObject({ status: "SKIPPED", error: "no push subscription" });
    // SMS is off by default for status updates: no row at all.
    expect(byChannel.SMS).toBeUndefined();
    // The driver made the change: nothing for them.
    expect(await db.notification.count({ where: { userId: driver.id } })).toBe(0);

    const [mail] = await outboxFor(shipper.email);
    expect(mail?.id).toBe(byChannel.EMAIL?.providerId);
    expect(mail?.subject).toBe(`${shipment.reference} was picked up`);
    expect(mail?.html).toContain("Open the shipment");
    expect(mail?.text).toContain(`/shipper/${shipment.id}`);
    const listUnsubscribe = mail?.headers?.["List-Unsubscribe"] ?? "";
    expect(mail?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const token = new URL(/<(.+)>/.exec(listUnsubscribe)?.[1] ?? "http://x").searchParams.get("token") ?? "";
    expect(readUnsubscribeToken(token)).toEqual({ userId: shipper.id, type: "SHIPMENT_STATUS" });

    const recipientMails = await outboxFor(recipientEmail);
    expect(recipientMails.map((m) => m.subject)).toEqual([`Your delivery ${shipment.reference} is on its way`]);
    expect(recipientMails[0]?.text).toContain(`/track/${shipment.trackingToken}`);
  });

  it("with SMS turned on and a verified number, the shipper gets the text; a number that opted out gets none", async () => {
    const { shipper, driver, shipment } = await assignedLoad();
    const phone = `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await db.user.update({ where: { id: shipper.id }, data: { phone, phoneVerifiedAt: new Date() } });
    await setPreference({ userId: shipper.id, type: "SHIPMENT_STATUS", channel: "SMS", enabled: true });
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    const sms = await db.notificationDelivery.findFirstOrThrow({
      where: { channel: "SMS", notification: { userId: shipper.id } },
    });
    expect(sms).toMatchObject({ status: "SENT", attempts: 1, providerId: expect.stringMatching(/^SM/) });
    const outbox = (await (await fetch(`${process.env.TWILIO_BASE_URL}/__outbox`)).json()) as {
      messages: { sid: string; to: string; body: string }[];
    };
    const texts = outbox.messages.filter((m) => m.to === phone);
    expect(texts.map((m) => m.sid)).toEqual([sms.providerId]);
    expect(texts[0]?.body).toContain(`${shipment.reference} was picked up`);
    expect(texts[0]?.body).toContain(`/shipper/${shipment.id}`);

    // STOP recorded on the account: the next status change texts nothing and says why.
    await db.user.update({ where: { id: shipper.id }, data: { smsOptedOutAt: new Date() } });
    await depart({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    const skipped = await db.notificationDelivery.findMany({
      where: { channel: "SMS", notification: { userId: shipper.id }, id: { not: sms.id } },
    });
    expect(skipped.map((d) => [d.status, d.error])).toEqual([["SKIPPED", "no verified phone number"]]);
    expect(
      (
        (await (await fetch(`${process.env.TWILIO_BASE_URL}/__outbox`)).json()) as { messages: { to: string }[] }
      ).messages.filter((m) => m.to === phone),
    ).toHaveLength(1);
  });

  it("a type's email turned off (or unsubscribed) gets no email delivery and no email", async () => {
    const { shipper, driver, shipment } = await assignedLoad();
    await setPreference({ userId: shipper.id, type: "SHIPMENT_STATUS", channel: "EMAIL", enabled: false });
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    expect(await deliveriesOf(shipper.id)).toEqual([
      {
        title: `${shipment.reference} was picked up`,
        deliveries: [
          ["IN_APP", "SENT", null],
          ["PUSH", "SKIPPED", "no push subscription"],
        ],
      },
    ]);
    expect(await outboxFor(shipper.email)).toEqual([]);

    // The one-click unsubscribe does the same; a forged token changes nothing.
    const other = await assignedLoad();
    const forged = `${Buffer.from(`${other.shipper.id}:SHIPMENT_STATUS`).toString("base64url")}.AAAA`;
    await expect(unsubscribe(forged)).resolves.toBeNull();
    expect(await db.notificationPreference.count({ where: { userId: other.shipper.id } })).toBe(0);
  });

  it("an email waiting for a retry is not sent once the person has turned that email off", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const created = await createNotification(shipper.id, "SHIPMENT_STATUS", {
      title: "TT-WAIT01 was picked up",
      body: "On its way to the drop-off.",
      dedupeKey: `test:turned-off:${shipper.id}`,
    });
    const email = created!.pending.find((p) => p.channel === "EMAIL")!;
    expect(email).toBeDefined();
    // Between the first try and the retry, the person unsubscribes.
    await setPreference({ userId: shipper.id, type: "SHIPMENT_STATUS", channel: "EMAIL", enabled: false });
    await expect(sendDelivery(email.deliveryId)).resolves.toEqual({ status: "SKIPPED", providerId: null });
    const row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: email.deliveryId } });
    expect(row).toMatchObject({ status: "SKIPPED", error: TURNED_OFF_SINCE, attempts: 0 });
    expect(await outboxFor(shipper.email)).toEqual([]);
  });

  it("the same event twice gives one notification and one email", async () => {
    const { shipper, driver, shipment } = await assignedLoad();
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    const row = await db.outboxEvent.findFirstOrThrow({
      where: { name: "shipment/status.changed", data: { path: ["shipmentId"], equals: shipment.id } },
    });
    // Sent again under another id would be a new event; the same notification key must still hold: run the function
    // for a copy of the event with a fresh id whose key collides, by re-sending the same id to the app directly.
    const { inngest } = await import("../../../inngest/client");
    await inngest.send({ id: row.id, name: row.name, data: row.data as Record<string, unknown> });
    await settleInngest();
    expect(await db.notification.count({ where: { userId: shipper.id } })).toBe(1);
    expect(await outboxFor(shipper.email)).toHaveLength(1);

    // And the service itself: a second write with the same key returns the first, with nothing left to send.
    const [first] = await db.notification.findMany({ where: { userId: shipper.id } });
    await expect(
      createNotification(shipper.id, "SHIPMENT_STATUS", { title: "x", body: "y", dedupeKey: first?.dedupeKey ?? "" }),
    ).resolves.toEqual({ notificationId: first?.id, pending: [] });
  });

  it("a failing channel is retried, then recorded FAILED with its error; the other channels still go out", async () => {
    const { shipper, driver, shipment } = await assignedLoad();
    let calls = 0;
    unregister = registerChannel("PUSH", async () => {
      calls += 1;
      throw new Error("push service said 503");
    });
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest(30_000);
    const notice = await db.notification.findFirstOrThrow({
      where: { userId: shipper.id },
      include: { deliveries: true },
    });
    const byChannel = Object.fromEntries(notice.deliveries.map((d) => [d.channel, d]));
    // Inngest's default: 4 retries, 5 tries in all.
    expect(calls).toBe(5);
    expect(byChannel.PUSH).toMatchObject({ status: "FAILED", attempts: 5, error: "push service said 503" });
    expect(byChannel.EMAIL).toMatchObject({ status: "SENT" });
    expect(byChannel.IN_APP).toMatchObject({ status: "SENT" });
  });

  it("each party hears of what is news to them, never of their own change", async () => {
    const { shipper, driver, shipment } = await assignedLoad();
    await pickUp({ driverId: driver.id, id: shipment.id });
    await depart({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    const titles = (await db.notification.findMany({ where: { userId: shipper.id }, orderBy: { createdAt: "asc" } }))
      .map((n) => n.title)
      .sort();
    expect(titles).toEqual([`${shipment.reference} is on its way`, `${shipment.reference} was picked up`].sort());
    expect(await db.notification.count({ where: { userId: driver.id } })).toBe(0);
  });

  it("the recipient hears 'arriving soon' once, however many fixes qualify", async () => {
    const { driver, shipment, recipientEmail } = await assignedLoad();
    await pickUp({ driverId: driver.id, id: shipment.id });
    const far = { status: "IN_TRANSIT", etaAt: new Date(Date.now() + 40 * 60_000), dropoff: { lat: 43, lng: -88 } };
    // 40 minutes out and far away: not yet; and never before it is in transit.
    await expect(
      announceArrivingOnce({ shipmentId: shipment.id, ...far, position: { lat: 42.5, lng: -88 } }),
    ).resolves.toBe(false);
    await expect(
      announceArrivingOnce({ shipmentId: shipment.id, ...far, status: "PICKED_UP", position: { lat: 43, lng: -88 } }),
    ).resolves.toBe(false);
    // Within 1 km, then an ETA under 15 minutes: the first qualifying fix announces, the next ones do not.
    await expect(
      announceArrivingOnce({ shipmentId: shipment.id, ...far, position: { lat: 43.005, lng: -88 } }),
    ).resolves.toBe(true);
    await expect(
      announceArrivingOnce({
        shipmentId: shipment.id,
        ...far,
        etaAt: new Date(Date.now() + 5 * 60_000),
        position: { lat: 42.9, lng: -88 },
      }),
    ).resolves.toBe(false);
    const subjects = (await outboxFor(recipientEmail)).map((m) => m.subject).sort();
    expect(subjects).toEqual(
      [`Your delivery ${shipment.reference} arrives soon`, `Your delivery ${shipment.reference} is on its way`].sort(),
    );
  });
});
