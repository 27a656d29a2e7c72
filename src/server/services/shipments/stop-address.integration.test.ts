// Each stop keeps what the address search found (issue 10 §1): the formatted address, region, postal code, country
// and where its point came from; the shipper and the assigned driver read them back, an unassigned driver does not.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { validShipmentInput } from "../../../../prisma/factories";
import { db } from "~/server/db";

describe("stop address parts", () => {
  it("stores the search's parts and source, then the pin's source on an edit; the owner reads them", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    const pickup = {
      ...input.pickup,
      formattedAddress: "233 S Wacker Dr, Chicago, IL 60606, USA",
      region: "IL",
      postalCode: "60606",
      country: "us",
      geocodeSource: "google" as const,
    };
    const { id } = await caller.shipment.create({ shipment: { ...input, pickup }, post: false });
    let row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      pickupFormattedAddress: "233 S Wacker Dr, Chicago, IL 60606, USA",
      pickupRegion: "IL",
      pickupPostalCode: "60606",
      pickupCountry: "US",
      pickupGeocodeSource: "google",
      // Typed coordinates: no parts, source "coordinates"; the region still comes from the point.
      dropoffFormattedAddress: null,
      dropoffGeocodeSource: "coordinates",
      dropoffRegion: "MI",
    });

    // The pin dragged 40 m to the dock: the point and the source change, the address stays.
    const moved = { ...pickup, lat: input.pickup.lat + 0.00036, geocodeSource: "pin" as const };
    await caller.shipment.update({ id, version: row.version, shipment: { ...input, pickup: moved } });
    row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row.pickupGeocodeSource).toBe("pin");
    expect(row.pickupLat).toBeCloseTo(input.pickup.lat + 0.00036, 6);
    expect(row.pickupFormattedAddress).toBe("233 S Wacker Dr, Chicago, IL 60606, USA");

    const shown = await caller.shipment.get({ id });
    expect(shown.details).toMatchObject({
      pickupFormattedAddress: "233 S Wacker Dr, Chicago, IL 60606, USA",
      pickupPostalCode: "60606",
      pickupGeocodeSource: "pin",
    });
  });

  it("refuses a malformed country or source with a field error", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    await expect(
      caller.shipment.create({ shipment: { ...input, pickup: { ...input.pickup, country: "USA" } }, post: false }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("two-letter country code") });
    await expect(
      caller.shipment.create({
        shipment: { ...input, dropoff: { ...input.dropoff, geocodeSource: "guess" as never } },
        post: false,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
