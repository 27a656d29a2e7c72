// A refusal names what really happened to the shipment, never a catch-all that may be untrue (a cancelled load
// was once refused as "A driver has already accepted this shipment").
import { describe, expect, it } from "vitest";

import { callerWith, sessionFor, signedIn } from "../../../../scripts/test/helpers";
import { createShipment, createUser, validShipmentInput } from "../../../../prisma/factories";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db";

const notEditable: [ShipmentStatus, string][] = [
  ["ASSIGNED", "A driver has already accepted this shipment, so it can no longer be edited."],
  ["PICKED_UP", "This shipment has been picked up, so it can no longer be edited."],
  ["IN_TRANSIT", "This shipment is in transit, so it can no longer be edited."],
  ["DELIVERED", "This shipment was delivered, so it can no longer be edited."],
  ["COMPLETED", "This shipment is completed, so it can no longer be edited."],
  ["CANCELLED", "This shipment was cancelled, so it can no longer be edited."],
];

describe("shipment.update refusals", () => {
  it.each(notEditable)(
    "a %s shipment is refused for what happened to it, at its version or a stale one",
    async (status, message) => {
      const { user, caller } = await signedIn({ role: "SHIPPER" });
      const driver = await createUser(db, { role: "DRIVER" });
      const { shipment } = await createShipment(db, { shipperId: user.id, status, driverId: driver.id });
      const edit = () =>
        caller.shipment.update({ id: shipment.id, version: shipment.version, shipment: validShipmentInput() });
      await expect(edit()).rejects.toMatchObject({ code: "CONFLICT", message });
      // Stale: the row has moved on since the caller read it. The status is still what refuses the edit.
      await db.shipment.update({ where: { id: shipment.id }, data: { version: { increment: 1 } } });
      await expect(edit()).rejects.toMatchObject({ code: "CONFLICT", message });
    },
  );

  it("a stale version of an editable shipment is still refused as changed elsewhere", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const { shipment } = await createShipment(db, { shipperId: user.id, status: "POSTED" });
    await db.shipment.update({ where: { id: shipment.id }, data: { version: { increment: 1 } } });
    await expect(
      caller.shipment.update({ id: shipment.id, version: shipment.version, shipment: validShipmentInput() }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed somewhere else/) });
  });
});

describe("driver.deliver refusals", () => {
  async function driverWith(status: ShipmentStatus) {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const made = await createShipment(db, { shipperId: shipper.id, status, driverId: driver.id });
    // A load cancelled after acceptance keeps its driver (admin force-cancel).
    await db.shipment.update({ where: { id: made.shipment.id }, data: { driverId: driver.id } });
    return { caller: callerWith(await sessionFor(driver.id)), ...made };
  }

  it("a load not yet in transit asks for that step first", async () => {
    const { caller, shipment, deliveryCode } = await driverWith("PICKED_UP");
    await expect(caller.driver.deliver({ id: shipment.id, code: deliveryCode })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Mark the load as in transit before delivering it.",
    });
  });

  it.each([
    ["DELIVERED", 'This shipment is delivered, so "Delivered" is no longer possible.'],
    ["COMPLETED", 'This shipment is completed, so "Delivered" is no longer possible.'],
    ["CANCELLED", 'This shipment is cancelled, so "Delivered" is no longer possible.'],
  ] as const)("a %s load says so instead of asking to mark it in transit", async (status, message) => {
    const { caller, shipment, deliveryCode } = await driverWith(status);
    await expect(caller.driver.deliver({ id: shipment.id, code: deliveryCode })).rejects.toMatchObject({
      code: "CONFLICT",
      message,
    });
  });
});
