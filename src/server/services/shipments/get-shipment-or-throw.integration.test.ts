import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment, createUser } from "../../../../prisma/factories";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { getShipmentOrThrow } from "./get-shipment-or-throw";

describe("getShipmentOrThrow", () => {
  it("answers another party's shipment exactly like one that does not exist: NOT_FOUND, never a 403", async () => {
    const owner = await createUser(db, { role: "SHIPPER" });
    const stranger = await createUser(db, { role: "SHIPPER" });
    const driver = await createUser(db, { role: "DRIVER" });
    const otherDriver = await createUser(db, { role: "DRIVER" });
    const draft = await makeShipment(db, { shipperId: owner.id });
    const assigned = await makeShipment(db, { shipperId: owner.id, status: "ASSIGNED", driverId: driver.id });

    const missing = await getShipmentOrThrow(stranger, "s-does-not-exist").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    for (const [viewer, id] of [
      [stranger, draft.shipment.id],
      [stranger, assigned.shipment.id],
      [otherDriver, draft.shipment.id],
      [otherDriver, assigned.shipment.id],
    ] as const) {
      const error = await getShipmentOrThrow(viewer, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "NOT_FOUND", message: (missing as AppError).message });
    }

    expect((await getShipmentOrThrow(owner, draft.shipment.id)).access).toBe("owner");
    expect((await getShipmentOrThrow(driver, assigned.shipment.id)).access).toBe("assigned-driver");
  });

  it("is what shipment.get answers through tRPC: NOT_FOUND for a stranger, the shipment for its owner", async () => {
    const owner = await signedIn({ role: "SHIPPER" });
    const stranger = await signedIn({ role: "SHIPPER" });
    const { shipment } = await makeShipment(db, { shipperId: owner.user.id });
    await expect(stranger.caller.shipment.get({ id: shipment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.shipment.get({ id: "s-does-not-exist" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await owner.caller.shipment.get({ id: shipment.id })).reference).toBe(shipment.reference);
  });
});
