// Each stop stores its IANA zone, derived from its coordinates when the shipment is created or edited, and
// shipment.get names it (deriving it for rows from before it was stored), so every page shows the window in the
// dock's local time.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment, validShipmentInput } from "../../../../prisma/factories";
import { db } from "~/server/db";

describe("stop time zones", () => {
  it("stores each stop's zone from its coordinates on create and on an edit that moves the stop", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    const { id } = await caller.shipment.create({ shipment: input, post: false });
    let row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect([row.pickupTimeZone, row.dropoffTimeZone]).toEqual(["America/Chicago", "America/Detroit"]);

    // The drop-off moves to Phoenix: its zone follows; the windows keep their exact instants.
    await caller.shipment.update({
      id,
      version: row.version,
      shipment: { ...input, dropoff: { ...input.dropoff, city: "Phoenix", lat: 33.4484, lng: -112.074 } },
    });
    row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row.dropoffTimeZone).toBe("America/Phoenix");
    expect(row.dropoffWindowStart.getTime()).toBe(new Date(input.dropoff.windowStart).getTime());

    const shown = await caller.shipment.get({ id });
    expect(shown.pickup.timeZone).toBe("America/Chicago");
    expect(shown.dropoff.timeZone).toBe("America/Phoenix");
  });

  it("derives the zone for a row stored before zones were", async () => {
    const owner = await signedIn({ role: "SHIPPER" });
    const { shipment } = await createShipment(db, { shipperId: owner.user.id, status: "POSTED", to: "detroit" });
    await db.shipment.update({ where: { id: shipment.id }, data: { pickupTimeZone: null, dropoffTimeZone: null } });
    const shown = await owner.caller.shipment.get({ id: shipment.id });
    expect([shown.pickup.timeZone, shown.dropoff.timeZone]).toEqual(["America/Chicago", "America/Detroit"]);
  });
});
