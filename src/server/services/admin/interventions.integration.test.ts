// Each intervention of issue 14 §1, called as the browser calls it (tRPC with a real session): admins only (a shipper
// and a driver are FORBIDDEN), an audit row with the reason, the timeline entry, and the parties notified through
// notify() by the real Inngest function (the outbox event is sent to the test executor and run).
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";
import { createShipment, createUser } from "../../../../prisma/factories";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import { deliver, depart, pickUp } from "~/server/services/shipments/lifecycle";
import { deliveryCodeFor, MAX_DELIVERY_CODE_ATTEMPTS } from "~/server/services/shipments/secrets";

async function load(status: ShipmentStatus) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const made = await createShipment(db, { shipperId: shipper.id, driverId: driver.id, status });
  return { shipper, driver, ...made };
}

/** The notifications `userId` has about `shipmentId`, once the Inngest runs the interventions started are done. */
async function noticesOf(userId: string, shipmentId: string) {
  await settleInngest();
  return db.notification.findMany({ where: { userId, shipmentId }, orderBy: { createdAt: "asc" } });
}

async function auditOf(shipmentId: string, action: string) {
  return db.auditLog.findMany({ where: { entityType: "Shipment", entityId: shipmentId, action } });
}

/** Five wrong tries by the assigned driver: the code locks. */
async function lockCode(driverId: string, id: string) {
  for (let i = 0; i < MAX_DELIVERY_CODE_ATTEMPTS; i++) {
    await expect(
      deliver({ driverId, id, code: "000000" === deliveryCodeFor(id) ? "111111" : "000000" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  }
  expect((await db.shipment.findUniqueOrThrow({ where: { id } })).deliveryCodeLockedAt).not.toBeNull();
}

describe("interventions are for admins only", () => {
  const procedures = [
    "unlockDeliveryCode",
    "reissueDeliveryCode",
    "markPickedUp",
    "markDelivered",
    "hold",
    "releaseHold",
  ] as const;

  it("refuses the shipper and the driver of the shipment, and changes nothing", async () => {
    const { shipment, shipper, driver } = await load("IN_TRANSIT");
    const asShipper = await signedIn({ role: "SHIPPER" });
    const asDriver = await signedIn({ role: "DRIVER" });
    // The shipment's own parties too, by their own sessions.
    const { callerWith, sessionFor } = await import("../../../../scripts/test/helpers");
    const own = [callerWith(await sessionFor(shipper.id)), callerWith(await sessionFor(driver.id))];
    for (const caller of [asShipper.caller, asDriver.caller, ...own]) {
      for (const p of procedures) {
        await expect(caller.adminOps[p]({ id: shipment.id, reason: "Trying it" })).rejects.toMatchObject({
          code: "FORBIDDEN",
        });
      }
      await expect(
        caller.adminOps.extendPickupWindow({ id: shipment.id, windowEnd: "2030-01-01T10:00", reason: "Trying" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.adminOps.exceptions({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.adminOps.liveMap({ lateness: "all" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.auditLog.count({ where: { entityId: shipment.id } })).toBe(0);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).status).toBe("IN_TRANSIT");
  });

  it("requires a reason", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment } = await load("IN_TRANSIT");
    await expect(admin.caller.adminOps.hold({ id: shipment.id, reason: " " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await auditOf(shipment.id, "shipment.held")).toHaveLength(0);
  });
});

describe("unlock and re-issue the delivery code", () => {
  it("unlocks a locked code: the driver can enter it again; audited and both parties told", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, shipper, driver, deliveryCode } = await load("IN_TRANSIT");
    await lockCode(driver.id, shipment.id);
    await expect(deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    await admin.caller.adminOps.unlockDeliveryCode({ id: shipment.id, reason: "Recipient confirmed by phone" });
    const s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(s).toMatchObject({ deliveryCodeAttempts: 0, deliveryCodeLockedAt: null });
    const [audit] = await auditOf(shipment.id, "shipment.delivery_code_unlocked");
    expect(audit).toMatchObject({
      actorId: admin.user.id,
      targetUserId: driver.id,
      data: { reason: "Recipient confirmed by phone", attemptsBefore: MAX_DELIVERY_CODE_ATTEMPTS },
    });
    const events = await db.shipmentEvent.findMany({ where: { shipmentId: shipment.id, type: "NOTE" } });
    expect(events.map((e) => e.note)).toEqual(["Delivery code unlocked: Recipient confirmed by phone"]);
    const [toShipper] = await noticesOf(shipper.id, shipment.id).then((n) => n.filter((x) => /unlocked/.test(x.title)));
    expect(toShipper?.body).toContain("Reason: Recipient confirmed by phone");
    const toDriver = await noticesOf(driver.id, shipment.id);
    expect(toDriver.map((n) => n.title)).toContain(`Delivery code unlocked for ${shipment.reference}`);

    await expect(deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode })).resolves.toEqual({
      status: "DELIVERED",
    });
  });

  it("refuses to unlock a code with no wrong tries", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment } = await load("IN_TRANSIT");
    await expect(
      admin.caller.adminOps.unlockDeliveryCode({ id: shipment.id, reason: "Just in case" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await auditOf(shipment.id, "shipment.delivery_code_unlocked")).toHaveLength(0);
  });

  it("re-issues the code: the old one stops working, the shipper sees the new one", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, shipper, driver, deliveryCode } = await load("IN_TRANSIT");
    await admin.caller.adminOps.reissueDeliveryCode({ id: shipment.id, reason: "Code was shared by mistake" });
    const newCode = deliveryCodeFor(shipment.id, 1);
    expect(newCode).not.toBe(deliveryCode);
    const shown = await (await signedInAs(shipper.id)).shipment.get({ id: shipment.id });
    expect(shown.secrets?.deliveryCode).toBe(newCode);
    await expect(deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(deliver({ driverId: driver.id, id: shipment.id, code: newCode })).resolves.toEqual({
      status: "DELIVERED",
    });
    const [audit] = await auditOf(shipment.id, "shipment.delivery_code_reissued");
    expect(audit?.data).toMatchObject({ reason: "Code was shared by mistake", codeVersion: 1 });
    // The audit row never holds the code.
    expect(JSON.stringify(audit?.data)).not.toContain(newCode);
    expect((await noticesOf(shipper.id, shipment.id)).map((n) => n.title)).toContain(
      `New delivery code for ${shipment.reference}`,
    );
    // The shipper is told to pass the new code on; the driver that the recipient will have it. Neither notice (stored,
    // emailed) holds the code.
    const shipperNotice = (await noticesOf(shipper.id, shipment.id)).find((n) => /New delivery code/.test(n.title));
    expect(shipperNotice?.body).toMatch(/see the new code and give it to the recipient/);
    const driverNotice = (await noticesOf(driver.id, shipment.id)).find((n) => /New delivery code/.test(n.title));
    expect(driverNotice?.body).toMatch(/The shipper is giving the new one to the recipient/);
    expect(JSON.stringify([shipperNotice, driverNotice])).not.toContain(newCode);
  });
});

async function signedInAs(userId: string) {
  const { callerWith, sessionFor } = await import("../../../../scripts/test/helpers");
  return callerWith(await sessionFor(userId));
}

describe("mark picked up and delivered on the driver's behalf", () => {
  it("goes through the state machine with the note, the same events and outbox rows as the driver's steps", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, driver, shipper } = await load("ASSIGNED");
    await admin.caller.adminOps.markPickedUp({ id: shipment.id, reason: "Driver's phone is dead" });
    let s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(s.status).toBe("PICKED_UP");
    expect(s.pickedUpAt).not.toBeNull();

    await admin.caller.adminOps.markDelivered({ id: shipment.id, reason: "Recipient signed on paper" });
    s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(s.status).toBe("DELIVERED");
    expect(s.deliveredAt).not.toBeNull();
    expect(s.trackingTokenExpiresAt).not.toBeNull();

    const events = await db.shipmentEvent.findMany({
      where: {
        shipmentId: shipment.id,
        type: { in: ["PICKED_UP", "IN_TRANSIT", "DELIVERED"] },
        actorId: admin.user.id,
      },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.type, e.note])).toEqual([
      ["PICKED_UP", "On the driver's behalf: Driver's phone is dead"],
      ["IN_TRANSIT", "On the driver's behalf: Recipient signed on paper"],
      ["DELIVERED", "On the driver's behalf: Recipient signed on paper"],
    ]);
    const outbox = await db.outboxEvent.findMany({ where: { name: "shipment/status.changed" } });
    const changes = outbox
      .map((o) => o.data as { shipmentId: string; to: string; actorId: string })
      .filter((d) => d.shipmentId === shipment.id);
    expect(changes.map((d) => d.to).sort()).toEqual(["DELIVERED", "IN_TRANSIT", "PICKED_UP"]);
    expect(await auditOf(shipment.id, "shipment.marked_picked_up")).toHaveLength(1);
    expect(await auditOf(shipment.id, "shipment.marked_delivered")).toHaveLength(1);
    const toDriver = (await noticesOf(driver.id, shipment.id)).map((n) => n.title);
    expect(toDriver).toContain(`${shipment.reference} marked delivered by operations`);
    expect((await noticesOf(shipper.id, shipment.id)).length).toBeGreaterThan(0);
  });

  it("refuses to mark delivered a load that is not on the road", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment } = await load("ASSIGNED");
    await expect(admin.caller.adminOps.markDelivered({ id: shipment.id, reason: "Oops" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await auditOf(shipment.id, "shipment.marked_delivered")).toHaveLength(0);
  });
});

describe("hold and release", () => {
  it("a held shipment refuses the driver's steps with a clear error until released", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, driver, shipper, deliveryCode } = await load("ASSIGNED");
    await admin.caller.adminOps.hold({ id: shipment.id, reason: "Cargo paperwork missing" });
    await expect(pickUp({ driverId: driver.id, id: shipment.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This shipment is on hold by operations (Cargo paperwork missing). Contact support before going on.",
    });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).status).toBe("ASSIGNED");
    await expect(admin.caller.adminOps.hold({ id: shipment.id, reason: "Again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await noticesOf(driver.id, shipment.id)).map((n) => n.title)).toContain(`${shipment.reference} is on hold`);
    expect((await noticesOf(shipper.id, shipment.id)).map((n) => n.title)).toContain(
      `${shipment.reference} is on hold`,
    );

    await admin.caller.adminOps.releaseHold({ id: shipment.id, reason: "Paperwork arrived" });
    await pickUp({ driverId: driver.id, id: shipment.id });
    await depart({ driverId: driver.id, id: shipment.id });

    // Held in transit: the delivery code is not even tried (no attempt is used up).
    await admin.caller.adminOps.hold({ id: shipment.id, reason: "Address dispute" });
    await expect(deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("on hold"),
    });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).deliveryCodeAttempts).toBe(0);
    await admin.caller.adminOps.releaseHold({ id: shipment.id, reason: "Resolved" });
    await expect(deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode })).resolves.toEqual({
      status: "DELIVERED",
    });
    expect(await auditOf(shipment.id, "shipment.held")).toHaveLength(2);
    expect(await auditOf(shipment.id, "shipment.hold_released")).toHaveLength(2);
  });

  it("refuses to release a shipment that is not held", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment } = await load("IN_TRANSIT");
    await expect(admin.caller.adminOps.releaseHold({ id: shipment.id, reason: "Nope" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("a hold ends with the load", () => {
  async function heldEvents(id: string) {
    return db.shipmentEvent.findMany({ where: { shipmentId: id, type: "NOTE" }, orderBy: { createdAt: "asc" } });
  }

  it("marking a held load delivered is an override: delivered, the hold ends, the note says so", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment } = await load("IN_TRANSIT");
    await admin.caller.adminOps.hold({ id: shipment.id, reason: "Address dispute" });
    await expect(
      admin.caller.adminOps.markDelivered({ id: shipment.id, reason: "Recipient signed on paper" }),
    ).resolves.toMatchObject({ status: "DELIVERED", overrodeHold: true });
    const after = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(after).toMatchObject({ status: "DELIVERED", heldAt: null, heldReason: null });
    const delivered = await db.shipmentEvent.findFirstOrThrow({
      where: { shipmentId: shipment.id, toStatus: "DELIVERED" },
    });
    expect(delivered.note).toBe(
      "On the driver's behalf, overriding the hold (Address dispute): Recipient signed on paper",
    );
    expect((await heldEvents(shipment.id)).map((e) => e.note)).toContain(
      "Hold ended: the shipment is delivered. It was held for: Address dispute",
    );
    // Nothing is left to release.
    await expect(admin.caller.adminOps.releaseHold({ id: shipment.id, reason: "Late" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This shipment is delivered: there is no hold to release.",
    });
  });

  it("cancelling a held load (shipper or admin) ends the hold", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { callerWith, sessionFor } = await import("../../../../scripts/test/helpers");
    for (const by of ["shipper", "admin"] as const) {
      const { shipment, shipper } = await load("ASSIGNED");
      await admin.caller.adminOps.hold({ id: shipment.id, reason: "Paperwork" });
      if (by === "shipper") {
        const asShipper = callerWith(await sessionFor(shipper.id));
        await asShipper.shipment.cancel({ id: shipment.id, reason: "No longer needed" });
      } else {
        await admin.caller.admin.forceCancel({ id: shipment.id, reason: "Fraud check" });
      }
      const after = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
      expect(after, by).toMatchObject({ status: "CANCELLED", heldAt: null, heldReason: null });
      expect((await heldEvents(shipment.id)).map((e) => e.note)).toContain(
        "Hold ended: the shipment is cancelled. It was held for: Paperwork",
      );
      await expect(admin.caller.adminOps.releaseHold({ id: shipment.id, reason: "Late" })).rejects.toMatchObject({
        code: "CONFLICT",
      });
      const view = await admin.caller.shipment.get({ id: shipment.id });
      expect(JSON.stringify(view)).not.toContain('"hold":{');
    }
  });
});

describe("extend the pick-up window", () => {
  it("extends in the stop's own zone, never shrinks, and tells the parties", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, driver } = await load("ASSIGNED");
    // The factory's pick-up is in Chicago: the window ends 4 hours after it opens, a day ahead.
    const end = shipment.pickupWindowEnd;
    const chicagoWall = (d: Date) =>
      new Intl.DateTimeFormat("sv-SE", {
        timeZone: "America/Chicago",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .format(d)
        .replace(" ", "T");
    const later = new Date(end.getTime() + 90 * 60_000);
    await admin.caller.adminOps.extendPickupWindow({
      id: shipment.id,
      windowEnd: chicagoWall(later),
      reason: "Dock opens late",
    });
    const s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(s.pickupWindowEnd.toISOString()).toBe(new Date(Math.floor(later.getTime() / 60_000) * 60_000).toISOString());

    const earlier = new Date(end.getTime() - 60 * 60_000);
    await expect(
      admin.caller.adminOps.extendPickupWindow({ id: shipment.id, windowEnd: chicagoWall(earlier), reason: "Shrink" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { fieldErrors: { windowEnd: [expect.any(String)] } } });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).pickupWindowEnd).toEqual(
      s.pickupWindowEnd,
    );
    const [audit] = await auditOf(shipment.id, "shipment.pickup_window_extended");
    expect(audit?.data).toMatchObject({ reason: "Dock opens late", to: s.pickupWindowEnd.toISOString() });
    const [notice] = (await noticesOf(driver.id, shipment.id)).filter((n) => /Pick-up window/.test(n.title));
    expect(notice?.body).toMatch(/It now ends .* C[SD]T\. Reason: Dock opens late/);
    // Formatted as the app formats times ("Dec 2, 2026, 3:30 PM CST"), not "2026-12-02 15:30".
    expect(audit?.data).toMatchObject({
      toText: expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M C[SD]T$/),
    });
  });

  it("answers a date that is not on the calendar as such, not as a daylight-saving gap", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment } = await load("ASSIGNED");
    for (const windowEnd of ["2026-13-01T10:00", "0000-01-01T00:00", "2026-02-30T10:00", "2101-01-01T10:00"]) {
      await expect(
        admin.caller.adminOps.extendPickupWindow({ id: shipment.id, windowEnd, reason: "Typo" }),
        windowEnd,
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        cause: { fieldErrors: { windowEnd: [expect.stringMatching(/^Not a real date/)] } },
      });
    }
  });
});
