// An edit records what it changed in its UPDATED event, so the timeline can say it ("Price changed from … to …").
import { describe, expect, it } from "vitest";

import { callerWith, sessionFor, signedIn } from "../../../../scripts/test/helpers";
import { createUser } from "../../../../prisma/factories";
import type { TShipmentFormInput } from "~/lib/schemas/shipment";
import { describeShipmentEdit, ZShipmentEditDataSchema } from "~/lib/shipment-changes";
import { db } from "~/server/db";

const hour = 3600_000;
const start = Date.now() + 24 * hour;
const input: TShipmentFormInput = {
  pickup: {
    address: "233 S Wacker Dr",
    city: "Chicago",
    lat: 41.8781,
    lng: -87.6298,
    windowStart: new Date(start),
    windowEnd: new Date(start + 4 * hour),
    contactName: "Dock",
    contactPhone: "+13125550100",
  },
  dropoff: {
    address: "1 Woodward Ave",
    city: "Detroit",
    lat: 42.3314,
    lng: -83.0458,
    windowStart: new Date(start + 6 * hour),
    windowEnd: new Date(start + 10 * hour),
  },
  cargo: { description: "Pallets of paper", weightKg: 800, vehicleType: "VAN" },
  recipient: { name: "Robin Receiver", phone: "+13135550199", email: "robin@example.test" },
};

describe("updateShipment's event data", () => {
  it("records the price, window and weight changes; the assigned driver sees no amounts", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const { id } = await caller.shipment.create({ shipment: input, post: false });
    const before = await db.shipment.findUniqueOrThrow({ where: { id } });

    const edited = {
      ...input,
      pickup: { ...input.pickup, windowStart: new Date(start + hour), windowEnd: new Date(start + 5 * hour) },
      cargo: { ...input.cargo, weightKg: 900 },
    };
    await caller.shipment.update({ id, version: before.version, shipment: edited });
    const after = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(after.priceCents).not.toBe(before.priceCents); // weight is part of the quote

    const event = await db.shipmentEvent.findFirstOrThrow({ where: { shipmentId: id, type: "UPDATED" } });
    expect(ZShipmentEditDataSchema.parse(event.data)).toEqual({
      changes: [
        { kind: "price", fromCents: before.priceCents, toCents: after.priceCents, currency: "USD" },
        { kind: "changed", part: "pickupWindow" },
        { kind: "weight", fromKg: 800, toKg: 900 },
      ],
    });

    // The shipper's view carries the data, and the timeline text names the change.
    const mine = await caller.shipment.get({ id });
    const updated = mine.events.find((e) => e.type === "UPDATED");
    expect(describeShipmentEdit(updated?.data, "Details edited")).toMatch(
      /^Price changed from \$[\d,.]+ to \$[\d,.]+; pick-up window moved; cargo weight 800 → 900 kg$/,
    );

    // Saving again with nothing changed records an empty list, not a guess.
    await caller.shipment.update({ id, version: after.version, shipment: edited });
    const events = await db.shipmentEvent.findMany({
      where: { shipmentId: id, type: "UPDATED" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.at(-1)?.data).toEqual({ changes: [] });

    const driver = await createUser(db, { role: "DRIVER" });
    await db.shipment.update({
      where: { id },
      data: { status: "ASSIGNED", driverId: driver.id, assignedAt: new Date() },
    });
    const asDriver = callerWith(await sessionFor(driver.id));
    const theirs = await asDriver.shipment.get({ id });
    const theirEvent = theirs.events.find((e) => e.type === "UPDATED");
    expect(JSON.stringify(theirEvent?.data)).not.toMatch(/Cents/);
    expect(describeShipmentEdit(theirEvent?.data, "Details edited")).toBe(
      "Price changed; pick-up window moved; cargo weight 800 → 900 kg",
    );
  });
});
