// An admin cannot demote or disable a driver while loads depend on them: the loads would be stranded (the
// ex-driver is refused, and reassigning works only before pick-up).
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";

async function driverWithLoads(statuses: ("ASSIGNED" | "PICKED_UP" | "IN_TRANSIT" | "COMPLETED")[]) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const refs: string[] = [];
  for (const status of statuses) {
    const { shipment } = await createShipment(db, { shipperId: shipper.id, driverId: driver.id, status });
    if (status !== "COMPLETED") refs.push(shipment.reference);
  }
  // The active loads' references, in the order the message lists them.
  return { driver, refs: refs.sort() };
}

describe("taking a driver with active loads off the road", () => {
  it("refuses to demote them, naming the loads, and changes nothing", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { driver, refs } = await driverWithLoads(["ASSIGNED", "IN_TRANSIT", "COMPLETED"]);

    const refused = admin.caller.adminUsers.setRole({ userId: driver.id, role: "SHIPPER" });
    await expect(refused).rejects.toMatchObject({
      code: "CONFLICT",
      message: `This driver has 2 active loads (${refs[0]}, ${refs[1]}): reassign or cancel them first.`,
    });
    const after = await db.user.findUniqueOrThrow({ where: { id: driver.id } });
    expect(after.role).toBe("DRIVER");
    expect(await db.auditLog.count({ where: { targetUserId: driver.id } })).toBe(0);
  });

  it("refuses to disable them, keeps their sessions, and allows it once the loads are done", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { driver, refs } = await driverWithLoads(["PICKED_UP"]);
    const session = await db.authSession.create({
      data: { userId: driver.id, expiresAt: new Date(Date.now() + 3600_000) },
    });

    await expect(admin.caller.adminUsers.setDisabled({ userId: driver.id, disabled: true })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `This driver has 1 active load (${refs[0]}): reassign or cancel them first.`,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: driver.id } })).disabledAt).toBeNull();
    expect((await db.authSession.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeNull();

    await db.shipment.updateMany({ where: { driverId: driver.id }, data: { status: "DELIVERED" } });
    await expect(admin.caller.adminUsers.setDisabled({ userId: driver.id, disabled: true })).resolves.toMatchObject({
      disabledAt: expect.any(Date),
    });
    await expect(admin.caller.adminUsers.setRole({ userId: driver.id, role: "SHIPPER" })).resolves.toMatchObject({
      role: "SHIPPER",
    });
  });
});

describe("an accept racing a demotion", () => {
  it("waits for the demotion and is refused, so no load goes to someone who is no longer a driver", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
    const { shipment } = await createShipment(db, { shipperId: shipper.id, status: "POSTED", vehicleType: "VAN" });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // The admin's transaction as setUserRole runs it: the user row locked and the role changed, not yet committed.
    // The driver's session was read before, so the procedure's role check passes and the accept reaches the service.
    const accepted = await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${driver.user.id} FOR UPDATE`;
        await tx.user.update({ where: { id: driver.user.id }, data: { role: "SHIPPER" } });
        const accept = driver.caller.driver.accept({ id: shipment.id }).then(
          () => "accepted",
          (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
        );
        await sleep(400);
        return { accept };
      },
      { timeout: 20_000 },
    );
    expect(await accepted.accept).toBe("FORBIDDEN: This account can no longer accept loads.");
    const after = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(after).toMatchObject({ status: "POSTED", driverId: null });
  });
});
