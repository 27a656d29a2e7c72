import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment } from "../../../../prisma/factories";
import { db } from "~/server/db";

// A dock and a door given to five decimals (about 1 m): what a shipper types or picks on a map.
const exact = {
  pickupLat: 41.87814,
  pickupLng: -87.62983,
  dropoffLat: 42.33143,
  dropoffLng: -83.04561,
};
// The same stops on the 0.01° grid (about 1 km) that unassigned drivers get.
const coarse = { pickup: { lat: 41.88, lng: -87.63 }, dropoff: { lat: 42.33, lng: -83.05 } };

describe("an open load's stops", () => {
  it("are rounded to about 1 km for drivers until one accepts, then exact for that driver", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const admin = await signedIn({ role: "ADMIN" });
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
    const other = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
    // SEMI loads reach only SEMI drivers: these rows stay off other tests' boards.
    const { shipment } = await makeShipment(db, {
      shipperId: shipper.user.id,
      status: "POSTED",
      from: "chicago",
      to: "detroit",
      vehicleType: "SEMI",
    });
    await db.shipment.update({ where: { id: shipment.id }, data: { ...exact, distanceKm: 457.36 } });

    const open = await driver.caller.shipment.get({ id: shipment.id });
    expect(open.access).toBe("open-load");
    expect(open.pickup).toMatchObject(coarse.pickup);
    expect(open.dropoff).toMatchObject(coarse.dropoff);
    expect(open.distanceKm).toBe(457);
    expect(JSON.stringify(open)).not.toMatch(/41\.878|87\.629|42\.331|83\.045/);

    // The board answers for any position the phone claims: from several, each distance is a whole number of km
    // to the rounded pick-up, so the answers pin the dock no closer than its 0.01° cell.
    for (const position of [
      { lat: 41.8781, lng: -87.6298 },
      { lat: 41.8791, lng: -87.6298 },
      { lat: 41.9, lng: -87.7 },
    ]) {
      const board = await driver.caller.driver.loadBoard({ position });
      const load = board.loads.find((l) => l.id === shipment.id);
      expect(load?.deadheadKm).toBeDefined();
      expect(Number.isInteger(load!.deadheadKm)).toBe(true);
      expect(load!.distanceKm).toBe(457);
      expect(JSON.stringify(board)).not.toMatch(/41\.878|87\.629|42\.331|83\.045/);
    }
    const atDock = await driver.caller.driver.loadBoard({ position: { lat: 41.87814, lng: -87.62983 } });
    expect(atDock.loads.find((l) => l.id === shipment.id)?.deadheadKm).toBe(0);

    // The shipper and admins always see the exact points.
    for (const caller of [shipper.caller, admin.caller]) {
      const full = await caller.shipment.get({ id: shipment.id });
      expect(full.pickup).toMatchObject({ lat: exact.pickupLat, lng: exact.pickupLng });
      expect(full.dropoff).toMatchObject({ lat: exact.dropoffLat, lng: exact.dropoffLng });
      expect(full.distanceKm).toBe(457.36);
    }

    await driver.caller.driver.accept({ id: shipment.id });
    const job = await driver.caller.shipment.get({ id: shipment.id });
    expect(job.access).toBe("assigned-driver");
    expect(job.pickup).toMatchObject({ lat: exact.pickupLat, lng: exact.pickupLng });
    expect(job.dropoff).toMatchObject({ lat: exact.dropoffLat, lng: exact.dropoffLng });
    // Taken: the other driver no longer sees it at all.
    await expect(other.caller.shipment.get({ id: shipment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
