// One submission of a proof of delivery is stored once: the phone's idempotency key makes a replay (a lost response,
// the offline queue sending again, two sends at once) answer as delivered without a second proof, a second event or
// a second code attempt; a new submission after delivery is still refused, and another driver's replay is not
// theirs. The phone's capture time is kept only when it is plausible.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../../../prisma/factories";
import { callerWith, sessionFor } from "../../../../scripts/test/helpers";
import { db } from "~/server/db";

async function inTransit() {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const made = await createShipment(db, { status: "IN_TRANSIT", shipperId: shipper.id, driverId: driver.id });
  return { driver, caller: callerWith(await sessionFor(driver.id)), ...made };
}

async function stored(shipmentId: string) {
  const [proofs, delivered, row] = await Promise.all([
    db.proofOfDelivery.findMany({ where: { shipmentId } }),
    db.shipmentEvent.count({ where: { shipmentId, toStatus: "DELIVERED" } }),
    db.shipment.findUniqueOrThrow({ where: { id: shipmentId }, select: { status: true, deliveryCodeAttempts: true } }),
  ]);
  return { proofs, delivered, ...row };
}

describe("delivering with an idempotency key", () => {
  it("a replay of the same submission answers delivered and stores nothing more", async () => {
    const t = await inTransit();
    const key = randomUUID();
    const input = { id: t.shipment.id, code: t.deliveryCode, idempotencyKey: key, lat: 43.04, lng: -87.91 };
    await expect(t.caller.driver.deliver(input)).resolves.toEqual({ status: "DELIVERED" });
    await expect(t.caller.driver.deliver(input)).resolves.toEqual({ status: "DELIVERED" });
    const after = await stored(t.shipment.id);
    expect(after).toMatchObject({ status: "DELIVERED", delivered: 1, deliveryCodeAttempts: 1 });
    expect(after.proofs).toHaveLength(1);
    expect(after.proofs[0]).toMatchObject({ idempotencyKey: key, lat: 43.04, lng: -87.91 });

    // A different submission after delivery is refused as before, saying what happened.
    await expect(
      t.caller.driver.deliver({ id: t.shipment.id, code: t.deliveryCode, idempotencyKey: randomUUID() }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(t.caller.driver.deliver({ id: t.shipment.id, code: t.deliveryCode })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("two sends of one submission at once both answer delivered, with one proof", async () => {
    const t = await inTransit();
    const input = { id: t.shipment.id, code: t.deliveryCode, idempotencyKey: randomUUID() };
    const results = await Promise.all([t.caller.driver.deliver(input), t.caller.driver.deliver(input)]);
    expect(results).toEqual([{ status: "DELIVERED" }, { status: "DELIVERED" }]);
    const after = await stored(t.shipment.id);
    expect(after.proofs).toHaveLength(1);
    expect(after.delivered).toBe(1);
  });

  it("another driver replaying the key gets NOT_FOUND, as for any job not theirs", async () => {
    const t = await inTransit();
    const key = randomUUID();
    await t.caller.driver.deliver({ id: t.shipment.id, code: t.deliveryCode, idempotencyKey: key });
    const stranger = callerWith(await sessionFor((await createUser(db, { role: "DRIVER" })).id));
    await expect(
      stranger.driver.deliver({ id: t.shipment.id, code: t.deliveryCode, idempotencyKey: key }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a key already used for another delivery is refused with a message, not a server error", async () => {
    const a = await inTransit();
    const key = randomUUID();
    await a.caller.driver.deliver({ id: a.shipment.id, code: a.deliveryCode, idempotencyKey: key });
    const b = await inTransit();
    await expect(
      b.caller.driver.deliver({ id: b.shipment.id, code: b.deliveryCode, idempotencyKey: key }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("already used") });
    expect((await stored(b.shipment.id)).status).toBe("IN_TRANSIT");
  });

  it("keeps the phone's capture time when plausible, the server's time otherwise; refuses a malformed key", async () => {
    const t = await inTransit();
    // In transit since an hour ago; the proof given ten minutes ago and sent only now (it waited on the phone).
    await db.shipment.update({ where: { id: t.shipment.id }, data: { inTransitAt: new Date(Date.now() - 3600_000) } });
    const captured = new Date(Date.now() - 600_000);
    await t.caller.driver.deliver({ id: t.shipment.id, code: t.deliveryCode, capturedAt: captured });
    expect((await stored(t.shipment.id)).proofs[0]!.capturedAt).toEqual(captured);

    const early = await inTransit();
    await early.caller.driver.deliver({
      id: early.shipment.id,
      code: early.deliveryCode,
      capturedAt: new Date(Date.now() - 24 * 3600_000),
    });
    const beforeTransit = (await stored(early.shipment.id)).proofs[0]!;
    expect(beforeTransit.capturedAt).toEqual(beforeTransit.deliveredAt);

    const u = await inTransit();
    const before = new Date();
    await u.caller.driver.deliver({
      id: u.shipment.id,
      code: u.deliveryCode,
      capturedAt: new Date(Date.now() + 3600_000),
    });
    const proof = (await stored(u.shipment.id)).proofs[0]!;
    expect(proof.capturedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(proof.capturedAt).toEqual(proof.deliveredAt);

    const v = await inTransit();
    await expect(
      v.caller.driver.deliver({ id: v.shipment.id, code: v.deliveryCode, idempotencyKey: "not-a-uuid" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
