// The recipient's texts through the real executor and /api/inngest route, the official twilio SDK and the Twilio
// stand-in (scripts/test/global-setup.ts): pick-up, "arriving soon" and "delivered", each exactly once per shipment
// however often the events come; STOP (through the app's signed inbound webhook) ends them; numbers Twilio refuses
// are recorded FAILED with Twilio's code, once, without a retry loop.
import { describe, expect, it } from "vitest";

import type { TTwilioMessage } from "../../../devstack/twilio/server";
import { twilioSignature } from "../../../devstack/twilio/signature";
import { createShipment, createUser } from "../../../prisma/factories";
import { settleInngest } from "../../../scripts/test/inngest";
import { inngest } from "../../../inngest/client";
import { POST as inbound } from "~/app/api/twilio/inbound/route";
import { db } from "~/server/db";
import { deliver, depart, pickUp } from "~/server/services/shipments/lifecycle";
import { announceArrivingOnce } from "./arriving-soon";
import { CLAIM_LEASE_MS, recipientSmsAddress, textRecipient } from "./recipient-sms";

const TWILIO = process.env.TWILIO_BASE_URL ?? "";

/** A fresh number per test (written as people type it), so tests sharing the stand-in never see each other's texts. */
const newPhone = () => {
  const n = String(Math.floor(Math.random() * 1e7)).padStart(7, "0");
  return `+1 (312) ${n.slice(0, 3)}-${n.slice(3)}`;
};

async function textsTo(phone: string): Promise<TTwilioMessage[]> {
  await settleInngest();
  const res = await fetch(`${TWILIO}/__outbox`);
  const { messages } = (await res.json()) as { messages: TTwilioMessage[] };
  return messages.filter((m) => m.to === phone && m.direction === "outbound-api").reverse();
}

async function load(recipientPhone: string) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const { shipment, deliveryCode } = await createShipment(db, {
    shipperId: shipper.id,
    driverId: driver.id,
    status: "ASSIGNED",
  });
  await db.shipment.update({ where: { id: shipment.id }, data: { recipientPhone } });
  return { shipper, driver, shipment, deliveryCode };
}

const notices = (shipmentId: string) =>
  db.recipientNotice.findMany({ where: { shipmentId }, orderBy: { createdAt: "asc" } });

/** Re-sends the shipment's status change under a new event id: a duplicate event, not a deduplicated replay. */
async function duplicateStatusEvent(shipmentId: string, to: string) {
  const row = await db.outboxEvent.findFirstOrThrow({
    where: {
      name: "shipment/status.changed",
      AND: [{ data: { path: ["shipmentId"], equals: shipmentId } }, { data: { path: ["to"], equals: to } }],
    },
  });
  await inngest.send({ id: `${row.id}-again`, name: row.name, data: row.data as Record<string, unknown> });
}

function signedInbound(params: Record<string, string>): Request {
  const path = "/api/twilio/inbound";
  const url = `${process.env.APP_URL}${path}`;
  return new Request(`http://127.0.0.1:3999${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": twilioSignature(process.env.TWILIO_AUTH_TOKEN ?? "", url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe("recipient SMS", () => {
  it("a duplicate event arriving while another run is sending the text sends nothing; a dead run's claim expires", async () => {
    const typed = newPhone();
    const phone = recipientSmsAddress(typed);
    const { shipment } = await load(typed);
    // Another run has claimed the pick-up text and is waiting on Twilio (a duplicate event raced it in CI).
    await db.recipientNotice.create({
      data: {
        shipmentId: shipment.id,
        kind: "picked-up",
        channel: "SMS",
        to: phone,
        attempts: 1,
        claimedUntil: new Date(Date.now() + CLAIM_LEASE_MS),
      },
    });
    await expect(textRecipient(shipment.id, "picked-up")).resolves.toEqual({
      status: "NONE",
      reason: "another run is sending it",
    });
    expect(await textsTo(phone)).toHaveLength(0);

    // That run died mid-send: once its claim has expired, the retry sends it, once.
    await db.recipientNotice.updateMany({
      where: { shipmentId: shipment.id, kind: "picked-up" },
      data: { claimedUntil: new Date(Date.now() - 1_000) },
    });
    await expect(textRecipient(shipment.id, "picked-up")).resolves.toMatchObject({ status: "SENT" });
    await expect(textRecipient(shipment.id, "picked-up")).resolves.toMatchObject({ status: "SENT" });
    expect(await textsTo(phone)).toHaveLength(1);
    expect((await notices(shipment.id))[0]).toMatchObject({ status: "SENT", attempts: 2, claimedUntil: null });
  });

  it("texts the tracking link at pick-up, 'arriving soon' once and 'delivered', each exactly once", async () => {
    const typed = newPhone();
    const phone = recipientSmsAddress(typed);
    expect(phone).toMatch(/^\+1312\d{7}$/);
    const { driver, shipment, deliveryCode } = await load(typed);
    const trackUrl = `${process.env.APP_URL}/track/${shipment.trackingToken}`;

    await pickUp({ driverId: driver.id, id: shipment.id });
    await duplicateStatusEvent(shipment.id, "PICKED_UP");
    let texts = await textsTo(phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toContain(`${shipment.reference}`);
    expect(texts[0]?.body).toContain("was picked up");
    expect(texts[0]?.body).toContain(trackUrl);

    // In transit: nothing for the recipient; then two qualifying fixes: one "arriving soon".
    await depart({ driverId: driver.id, id: shipment.id });
    const near = { status: "IN_TRANSIT", etaAt: new Date(Date.now() + 5 * 60_000), dropoff: { lat: 43, lng: -88 } };
    await announceArrivingOnce({ shipmentId: shipment.id, ...near, position: { lat: 43.001, lng: -88 } });
    await announceArrivingOnce({ shipmentId: shipment.id, ...near, position: { lat: 43.0005, lng: -88 } });
    texts = await textsTo(phone);
    expect(texts.map((m) => /arrives in under 15 minutes/.test(m.body))).toEqual([false, true]);

    await deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode });
    await duplicateStatusEvent(shipment.id, "DELIVERED");
    await duplicateStatusEvent(shipment.id, "DELIVERED");
    texts = await textsTo(phone);
    expect(texts).toHaveLength(3);
    expect(texts[2]?.body).toContain("was delivered");

    const rows = await notices(shipment.id);
    expect(rows.map((r) => [r.kind, r.channel, r.status, r.attempts, r.to])).toEqual([
      ["picked-up", "SMS", "SENT", 1, phone],
      ["arriving", "SMS", "SENT", 1, phone],
      ["delivered", "SMS", "SENT", 1, phone],
    ]);
    expect(rows.map((r) => r.providerId)).toEqual(texts.map((m) => m.sid));
  });

  it("a number that replied STOP (the app's signed inbound webhook) gets no more texts", async () => {
    const typed = newPhone();
    const phone = recipientSmsAddress(typed);
    const { driver, shipment, deliveryCode } = await load(typed);
    await pickUp({ driverId: driver.id, id: shipment.id });
    expect(await textsTo(phone)).toHaveLength(1);

    // The phone replies STOP: the stand-in records it for its sender, and Twilio forwards it to the app.
    const from = process.env.TWILIO_FROM_NUMBER ?? "";
    const reply = await fetch(`${TWILIO}/__inbound`, {
      method: "POST",
      body: JSON.stringify({ from: phone, to: from, body: "STOP" }),
    });
    const { message } = (await reply.json()) as { message: TTwilioMessage };
    const res = await inbound(
      signedInbound({ From: phone, To: from, Body: "STOP", OptOutType: "STOP", MessageSid: message.sid }),
    );
    expect(res.status).toBe(200);
    expect(await db.smsOptOut.count({ where: { phone } })).toBe(1);

    await depart({ driverId: driver.id, id: shipment.id });
    await deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode });
    expect(await textsTo(phone)).toHaveLength(1);
    const delivered = (await notices(shipment.id)).find((r) => r.kind === "delivered");
    // Skipped by the app itself: Twilio was not asked (it would have refused with 21610).
    expect(delivered).toMatchObject({ status: "SKIPPED", error: "recipient replied STOP", providerId: null });
  });

  it("an opt-out the app did not hear of: Twilio's 21610 is recorded FAILED and the number kept as opted out", async () => {
    // Twilio's magic number for a recipient who unsubscribed.
    const { driver, shipment } = await load("+15005550004");
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    const [row] = await notices(shipment.id);
    expect(row).toMatchObject({ kind: "picked-up", status: "FAILED", attempts: 1 });
    expect(row?.error).toMatch(/^Twilio error 21610: /);
    expect(await db.smsOptOut.count({ where: { phone: "+15005550004" } })).toBe(1);
  });

  it("an invalid number is recorded FAILED with Twilio's code after one try, and the run finishes", async () => {
    for (const [typed, code] of [
      ["+15005550001", "21211"],
      ["312 555 0100", "21211"],
      ["+15005550009", "21614"],
    ] as const) {
      const { driver, shipment } = await load(typed);
      await pickUp({ driverId: driver.id, id: shipment.id });
      await settleInngest();
      const [row] = await notices(shipment.id);
      expect(row).toMatchObject({ kind: "picked-up", status: "FAILED", attempts: 1, providerId: null });
      expect(row?.error).toMatch(new RegExp(`^Twilio error ${code}: `));
      expect(await textsTo(recipientSmsAddress(typed))).toEqual([]);
    }
  });

  it("a shipment without a recipient phone writes no row and sends nothing", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const { shipment } = await createShipment(db, { shipperId: shipper.id, driverId: driver.id, status: "ASSIGNED" });
    await db.shipment.update({ where: { id: shipment.id }, data: { recipientPhone: null } });
    await pickUp({ driverId: driver.id, id: shipment.id });
    await settleInngest();
    expect(await notices(shipment.id)).toEqual([]);
  });
});
