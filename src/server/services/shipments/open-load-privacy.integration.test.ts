import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment } from "../../../../prisma/factories";
import { db } from "~/server/db";

// A dock and a door given to five decimals (about 1 m): what a shipper types or picks on a map. Nome to Fairbanks,
// where no other test posts loads: the board lists only the nearest 50, and tests sharing the database post many
// loads around Chicago that would push this one off it.
const exact = {
  pickupLat: 64.50114,
  pickupLng: -165.40642,
  dropoffLat: 64.83781,
  dropoffLng: -147.71641,
};
// The same stops on the 0.01° grid (about 1 km) that unassigned drivers get.
const coarse = { pickup: { lat: 64.5, lng: -165.41 }, dropoff: { lat: 64.84, lng: -147.72 } };
const leak = /64\.501|165\.406|64\.837|147\.716/;

describe("an open load's stops", () => {
  it("are rounded to about 1 km for drivers until one accepts, then exact for that driver", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const admin = await signedIn({ role: "ADMIN" });
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
    const other = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
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
    expect(JSON.stringify(open)).not.toMatch(leak);

    // The board answers for any position the phone claims: from several, each distance is a whole number of km
    // (in metres) to the rounded pick-up, so the answers pin the dock no closer than its 0.01° cell.
    for (const position of [
      { lat: 64.5011, lng: -165.4064 },
      { lat: 64.5021, lng: -165.4064 },
      { lat: 64.52, lng: -165.48 },
    ]) {
      const board = await driver.caller.driver.loadBoard({ position });
      const load = board.loads.find((l) => l.id === shipment.id);
      expect(load?.deadheadMetres).toBeDefined();
      expect(load!.deadheadMetres! % 1000).toBe(0);
      expect(load!.loadedMetres).toBe(457_000);
      expect(JSON.stringify(board)).not.toMatch(leak);
    }
    const atDock = await driver.caller.driver.loadBoard({ position: { lat: exact.pickupLat, lng: exact.pickupLng } });
    expect(atDock.loads.find((l) => l.id === shipment.id)?.deadheadMetres).toBe(0);
    // A radius search measures the same rounded distance, so it cannot narrow the dock down either: from the dock,
    // "within 1 km" finds the load exactly when the rounded deadhead is at most 1 km.
    const within = await driver.caller.driver.loadBoard({
      position: { lat: 64.5011, lng: -165.4064 },
      withinMetres: 1000,
    });
    expect(within.loads.map((l) => l.id)).toContain(shipment.id);

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
