// A driver's home base (issue 10 §6): chosen with the address search at registration (optional, through the public
// gazetteer-only search) and on the account page; the load board measures deadhead from it when the driver has
// shared no position. Shippers have none.
import { describe, expect, it } from "vitest";

import { callerWith, signedIn, uniqueEmail } from "../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";

const ip = () => `10.78.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("home base at registration", () => {
  it("is found by the public gazetteer search and stored with the new driver's profile", async () => {
    const anonymous = callerWith(null, ip());
    const found = await anonymous.places.signUpSearch({ q: "Peoria, IL" });
    expect(found.source).toBe("gazetteer");
    const suggestion = found.suggestions[0]!;
    expect(suggestion.label).toMatch(/Peoria/);
    const place = await anonymous.places.signUpResolve({ placeId: suggestion.placeId });
    expect(place.lat).toBeCloseTo(40.69, 1);

    const email = uniqueEmail("base-driver");
    await anonymous.auth.register({
      role: "DRIVER",
      name: "Base Driver",
      email,
      password: "Correct-Horse-Battery-9",
      driver: { vehicleType: "VAN", capacityKg: 1_000, plate: "IL-BASE1" },
      homeBase: { label: place.formattedAddress, lat: place.lat, lng: place.lng },
    });
    const profile = await db.driverProfile.findFirstOrThrow({ where: { user: { email } } });
    expect(profile).toMatchObject({ baseLabel: place.formattedAddress, baseLat: place.lat, baseLng: place.lng });
  });

  it("is optional, and the public search never resolves a Google place", async () => {
    const anonymous = callerWith(null, ip());
    const email = uniqueEmail("no-base");
    await anonymous.auth.register({
      role: "DRIVER",
      name: "No Base",
      email,
      password: "Correct-Horse-Battery-9",
      driver: { vehicleType: "VAN", capacityKg: 1_000, plate: "IL-BASE2" },
    });
    const profile = await db.driverProfile.findFirstOrThrow({ where: { user: { email } } });
    expect(profile).toMatchObject({ baseLabel: null, baseLat: null, baseLng: null });
    await expect(anonymous.places.signUpResolve({ placeId: "ChIJ7cv00DwsDogRAMDACa2m4K8" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("home base on the account page", () => {
  it("sets the base the load board measures deadhead from, clears it, and refuses shippers", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
    // Central Montana: no other test posts loads near it.
    const pickup = { lat: 47.0, lng: -109.5 };
    const { shipment } = await createShipment(db, { shipperId: shipper.id, status: "POSTED", vehicleType: "VAN" });
    await db.shipment.update({
      where: { id: shipment.id },
      data: { pickupLat: pickup.lat, pickupLng: pickup.lng },
    });
    const fence = { near: pickup, withinMetres: 5_000 };

    // 0.5° north of the pick-up: 55.6 km.
    const base = { label: "Somewhere north, MT, USA", lat: 47.5, lng: -109.5 };
    expect(await driver.caller.account.setHomeBase({ homeBase: base })).toEqual(base);
    expect((await driver.caller.account.me()).driverProfile).toMatchObject({
      baseLabel: base.label,
      baseLat: 47.5,
      baseLng: -109.5,
    });
    const fromBase = await driver.caller.driver.loadBoard(fence);
    expect(fromBase.loads.map((l) => l.id)).toEqual([shipment.id]);
    expect(fromBase.loads[0]!.deadheadMetres).toBe(56_000);

    // Moved: the deadhead follows.
    await driver.caller.account.setHomeBase({ homeBase: { label: "Next door, MT, USA", lat: 47.1, lng: -109.5 } });
    expect((await driver.caller.driver.loadBoard(fence)).loads[0]!.deadheadMetres).toBe(11_000);

    await driver.caller.account.setHomeBase({ homeBase: null });
    const cleared = await db.driverProfile.findUniqueOrThrow({ where: { userId: driver.user.id } });
    expect(cleared).toMatchObject({ baseLabel: null, baseLat: null, baseLng: null });
    expect((await driver.caller.driver.loadBoard(fence)).loads[0]!.deadheadMetres).toBeNull();

    await expect(driver.caller.account.setHomeBase({ homeBase: { label: "", lat: 95, lng: 0 } })).rejects.toMatchObject(
      { code: "BAD_REQUEST" },
    );
    const asShipper = await signedIn({ role: "SHIPPER" });
    await expect(asShipper.caller.account.setHomeBase({ homeBase: base })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
