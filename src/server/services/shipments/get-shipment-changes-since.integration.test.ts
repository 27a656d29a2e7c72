// `shipment.changesSince`: the catch-up read of an open shipment page after a (re)connect or a status event.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment } from "../../../../prisma/factories";
import { db } from "~/server/db";
import { pickUp } from "./lifecycle";

describe("shipment.changesSince", () => {
  it("answers unchanged for the version on screen, and the new shipment (as shipment.get) once it moved on", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    const { shipment } = await createShipment(db, {
      shipperId: shipper.user.id,
      status: "ASSIGNED",
      driverId: driver.user.id,
    });

    for (const who of [shipper, driver]) {
      expect(await who.caller.shipment.changesSince({ id: shipment.id, sinceVersion: shipment.version })).toEqual({
        changed: false,
        version: shipment.version,
      });
    }
    await pickUp({ driverId: driver.user.id, id: shipment.id });
    for (const who of [shipper, driver]) {
      const after = await who.caller.shipment.changesSince({ id: shipment.id, sinceVersion: shipment.version });
      expect(after).toEqual({ changed: true, shipment: await who.caller.shipment.get({ id: shipment.id }) });
      expect(after.changed && after.shipment).toMatchObject({ status: "PICKED_UP", version: shipment.version + 1 });
    }
  });

  it("is NOT_FOUND for someone who may not see the shipment, whatever the version", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    const stranger = await signedIn({ role: "DRIVER" });
    const otherShipper = await signedIn({ role: "SHIPPER" });
    const { shipment } = await createShipment(db, {
      shipperId: shipper.user.id,
      status: "ASSIGNED",
      driverId: driver.user.id,
    });
    for (const who of [stranger, otherShipper]) {
      for (const sinceVersion of [shipment.version, shipment.version + 5]) {
        await expect(who.caller.shipment.changesSince({ id: shipment.id, sinceVersion })).rejects.toMatchObject({
          code: "NOT_FOUND",
        });
      }
    }
    await expect(shipper.caller.shipment.changesSince({ id: "nope123", sinceVersion: 0 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses a version that is not a whole number with a field error", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    await expect(shipper.caller.shipment.changesSince({ id: "abc", sinceVersion: -1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
