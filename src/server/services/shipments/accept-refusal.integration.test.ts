// A driver whose Accept is refused is told what really happened to the load (hardening issue, section 3):
// cancelled, taken by someone else, already theirs; both when the load had changed before the request read it
// and when it changed between the read and the conditional write.
import { describe, expect, it, vi } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment, createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";
import * as transition from "./transition";

async function postedLoad() {
  const shipper = await signedIn({ role: "SHIPPER" });
  const { shipment } = await makeShipment(db, { shipperId: shipper.user.id, status: "POSTED", vehicleType: "VAN" });
  return { shipper, shipment };
}

const driverWithVan = () => signedIn({ role: "DRIVER", driver: { vehicleType: "VAN", capacityKg: 3000 } });

describe("refusals say what happened to the load", () => {
  it("accept after the shipper cancelled: the shipper cancelled this load", async () => {
    const { shipper, shipment } = await postedLoad();
    const driver = await driverWithVan();
    await shipper.caller.shipment.cancel({ id: shipment.id, reason: "Plans changed" });
    await expect(driver.caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "The shipper cancelled this load.",
    });
  });

  it("accept after an admin cancelled: says it was cancelled, not that the shipper did it", async () => {
    const { shipment } = await postedLoad();
    const admin = await signedIn({ role: "ADMIN" });
    const driver = await driverWithVan();
    await admin.caller.admin.forceCancel({ id: shipment.id, reason: "Fraud check" });
    await expect(driver.caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This load was cancelled and is no longer available.",
    });
  });

  it("accept after another driver took it: taken; pressing Accept again on one's own load: already yours", async () => {
    const { shipment } = await postedLoad();
    const first = await driverWithVan();
    const second = await driverWithVan();
    await first.caller.driver.accept({ id: shipment.id });
    await expect(second.caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This load was just taken by another driver.",
    });
    await expect(first.caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You have already accepted this load.",
    });
  });

  it("a draft is not on the board: accepting one is not found, as for any load the driver cannot see", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const { shipment } = await makeShipment(db, { shipperId: shipper.id, status: "DRAFT", vehicleType: "VAN" });
    const driver = await driverWithVan();
    await expect(driver.caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("cancelled between the driver's read and the conditional write: the race path says cancelled too", async () => {
    const { shipper, shipment } = await postedLoad();
    const driver = await driverWithVan();
    // The shipper's cancel commits just after the accept has read the load as POSTED.
    const real = transition.applyTransition;
    const spy = vi.spyOn(transition, "applyTransition").mockImplementationOnce(async (tx, opts) => {
      await db.shipment.update({ where: { id: shipment.id }, data: { status: "CANCELLED" } });
      await db.shipmentEvent.create({
        data: { shipmentId: shipment.id, type: "CANCELLED", toStatus: "CANCELLED", actorId: shipper.user.id },
      });
      return real(tx, opts);
    });
    try {
      await expect(driver.caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "The shipper cancelled this load.",
      });
    } finally {
      spy.mockRestore();
    }
  });

  it("another transition losing a race names the status the shipment is in now", async () => {
    const { shipment } = await postedLoad();
    const driver = await driverWithVan();
    await driver.caller.driver.accept({ id: shipment.id });
    const real = transition.applyTransition;
    const spy = vi.spyOn(transition, "applyTransition").mockImplementationOnce(async (tx, opts) => {
      await db.shipment.update({ where: { id: shipment.id }, data: { status: "CANCELLED" } });
      return real(tx, opts);
    });
    try {
      await expect(driver.caller.driver.pickUp({ id: shipment.id })).rejects.toMatchObject({
        code: "CONFLICT",
        message: 'This shipment is cancelled, so "Picked up" is no longer possible.',
      });
    } finally {
      spy.mockRestore();
    }
  });
});
