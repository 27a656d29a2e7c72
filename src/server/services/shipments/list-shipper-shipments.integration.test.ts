import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment } from "../../../../prisma/factories";
import { db } from "~/server/db";

describe("the shipper's search", () => {
  it("finds shipments by pick-up or drop-off city, in any case, trimmed, as well as by reference", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const toMilwaukee = await makeShipment(db, { shipperId: user.id, from: "chicago", to: "milwaukee" });
    const fromDetroit = await makeShipment(db, { shipperId: user.id, from: "detroit", to: "columbus" });
    const toStLouis = await makeShipment(db, { shipperId: user.id, from: "kansasCity", to: "stLouis" });
    const ids = async (search: string) =>
      (await caller.shipment.list({ limit: 50, search })).items.map((s) => s.id).sort();

    expect(await ids("  milWAUKEE ")).toEqual([toMilwaukee.shipment.id]);
    expect(await ids("detroit")).toEqual([fromDetroit.shipment.id]);
    expect(await ids("kansas city")).toEqual([toStLouis.shipment.id]);
    expect(await ids("St. Louis")).toEqual([toStLouis.shipment.id]);
    expect(await ids("Columbus")).toEqual([fromDetroit.shipment.id]);
    expect(await ids(toMilwaukee.shipment.reference.toLowerCase())).toEqual([toMilwaukee.shipment.id]);
    expect(await ids("Atlantis")).toEqual([]);
  });
});
