// The quote and the stored price come from the road route (issue 10 §3): Google Routes when a key is configured (the
// devstack stand-in here, whose roads run ROAD_FACTOR x the great circle), else the great-circle estimate x
// DETOUR_FACTOR, flagged as an estimate. The live quote and the saved shipment always agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { callerWith, sessionFor } from "../../../../scripts/test/helpers";
import { startGoogleStandIn, type GoogleStandIn } from "../../../../devstack/google";
import { ROAD_FACTOR } from "../../../../devstack/google/routes";
import { createUser, validShipmentInput } from "../../../../prisma/factories";
import { haversineKm } from "~/lib/geo";
import { DETOUR_FACTOR } from "~/lib/route-estimate";
import { db } from "~/server/db";
import { warmGazetteer } from "~/server/places/gazetteer";
import type { TOutsideServices } from "~/server/places/outside-services";

const KEY = "road-price-test-key";
let google: GoogleStandIn;

beforeAll(async () => {
  warmGazetteer();
  google = await startGoogleStandIn({ keys: { [KEY]: {} } });
}, 60_000);
afterAll(() => google.close());

async function shipperWith(outside: TOutsideServices) {
  const user = await createUser(db, { role: "SHIPPER" });
  return callerWith(await sessionFor(user.id), "127.0.0.1", outside);
}

describe("road pricing", () => {
  it("without a key: the estimate (great circle x the detour factor), flagged, and the saved price is the quote", async () => {
    const caller = await shipperWith({ google: null, openMeteo: { baseUrl: google.url } });
    const input = validShipmentInput();
    const q = await caller.shipment.quote({
      pickup: input.pickup,
      dropoff: input.dropoff,
      weightKg: input.cargo.weightKg,
      vehicleType: input.cargo.vehicleType,
    });
    const gcKm = haversineKm(input.pickup, input.dropoff);
    expect(q.estimate).toBe(true);
    expect(q.routeNote).toMatch(/^Estimate: great-circle distance x 1\.2 at \d+ km\/h\.$/);
    expect(q.distanceKm).toBeCloseTo(gcKm * DETOUR_FACTOR, 0);
    const { id } = await caller.shipment.create({ shipment: input, post: false });
    const row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect([row.distanceKm, row.durationMin, row.priceCents]).toEqual([q.distanceKm, q.durationMin, q.priceCents]);
  });

  it("with a key: Google's road distance and time, not flagged, priced the same when saved", async () => {
    const caller = await shipperWith({
      google: { apiKey: KEY, baseUrl: google.url },
      openMeteo: { baseUrl: google.url },
    });
    const base = validShipmentInput();
    // A lane of its own (the route cache is shared by tests): Chicago to a point near Indianapolis.
    const input = { ...base, dropoff: { ...base.dropoff, city: "Indianapolis", lat: 39.7711, lng: -86.1523 } };
    const q = await caller.shipment.quote({
      pickup: input.pickup,
      dropoff: input.dropoff,
      weightKg: input.cargo.weightKg,
      vehicleType: input.cargo.vehicleType,
    });
    const gcKm = haversineKm(input.pickup, input.dropoff);
    expect(q).toMatchObject({ estimate: false, routeNote: null });
    expect(q.distanceKm).toBeCloseTo(gcKm * ROAD_FACTOR, 0);
    const { id } = await caller.shipment.create({ shipment: input, post: false });
    const row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect([row.distanceKm, row.priceCents]).toEqual([q.distanceKm, q.priceCents]);
  });
});
