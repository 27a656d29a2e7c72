// The traffic-aware ETA (issue 10 §3) through the ping ingest, against PostgreSQL and the Google stand-in: with a
// key, Google's traffic-aware duration from the newest fix, asked at most once per 5 minutes per shipment (pings in
// between cost no request); on the way to the pick-up, or when Google refuses, the recent-average-speed ETA.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startGoogleStandIn, type GoogleStandIn } from "../../../../devstack/google";
import { createShipment, createUser } from "../../../../prisma/factories";
import { AVERAGE_SPEED_KMH, haversineKm } from "~/lib/geo";
import type { TPingInput } from "~/lib/schemas/tracking";
import { db } from "~/server/db";
import { googleComputeRoute } from "~/server/integrations/google/routes";
import { ingestPings } from "./ingest-pings";
import { trafficEtaKey } from "./traffic-eta";

const KEY = "traffic-eta-key";
const EXHAUSTED = "traffic-eta-exhausted";
let google: GoogleStandIn;

beforeAll(async () => {
  google = await startGoogleStandIn({ keys: { [KEY]: {}, [EXHAUSTED]: { requestsPerMinute: 0 } } });
}, 60_000);
afterAll(() => google.close());

const keyed = () => ({ apiKey: KEY, baseUrl: google.url });
const routeCalls = () => google.requests().filter((r) => r.path === "/directions/v2:computeRoutes").length;

async function inTransit(status: "IN_TRANSIT" | "ASSIGNED" = "IN_TRANSIT") {
  const [shipper, driver] = await Promise.all([
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "DRIVER" }),
  ]);
  const { shipment } = await createShipment(db, {
    shipperId: shipper.id,
    driverId: driver.id,
    status,
    from: "chicago",
    to: "milwaukee",
  });
  return { shipment, driver, dropoff: { lat: shipment.dropoffLat, lng: shipment.dropoffLng } };
}

const base = Date.now() - 30 * 60_000;
function ping(shipmentId: string, recordedAt: number, lat: number): TPingInput {
  return { shipmentId, lat, lng: -87.9, accuracyM: 8, speedKmh: 60, headingDeg: 0, recordedAt };
}

describe("traffic-aware ETA with a Google key", () => {
  it("is the fix's time plus Google's traffic-aware duration, asked once per 5 minutes per shipment", async () => {
    const { shipment, driver, dropoff } = await inTransit();
    const first = ping(shipment.id, base, 42.4);
    const before = routeCalls();
    const a = await ingestPings(driver.id, [first], { google: keyed() });
    expect(routeCalls()).toBe(before + 1);

    // The same request the ingest made, asked here directly: its traffic-aware duration is the ETA's.
    const route = await googleComputeRoute(keyed(), { origin: first, destination: dropoff });
    expect(route!.durationSec).toBeGreaterThan(route!.staticDurationSec);
    expect(a.etaAt?.getTime()).toBe(first.recordedAt + route!.durationSec * 1000);
    // Not the average-speed estimate, which it replaces.
    const average = first.recordedAt + Math.round((haversineKm(first, dropoff) / AVERAGE_SPEED_KMH) * 3_600_000);
    expect(a.etaAt?.getTime()).not.toBe(average);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).etaAt).toEqual(a.etaAt);

    // Another ping a minute later: no request, the cached arrival stands.
    const calls = routeCalls();
    const b = await ingestPings(driver.id, [ping(shipment.id, base + 60_000, 42.45)], { google: keyed() });
    expect(routeCalls()).toBe(calls);
    expect(b.etaAt).toEqual(a.etaAt);

    // Five minutes on (the cached answer expired): asked again, from the newest fix.
    await db.outsideCache.update({
      where: { key: trafficEtaKey(keyed(), shipment.id) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const later = ping(shipment.id, base + 6 * 60_000, 42.6);
    const c = await ingestPings(driver.id, [later], { google: keyed() });
    expect(routeCalls()).toBe(calls + 1);
    const again = await googleComputeRoute(keyed(), { origin: later, destination: dropoff });
    expect(c.etaAt?.getTime()).toBe(later.recordedAt + again!.durationSec * 1000);
  }, 90_000);

  it("uses the average-speed ETA on the way to the pick-up, asking Google nothing", async () => {
    const { shipment, driver, dropoff } = await inTransit("ASSIGNED");
    const first = ping(shipment.id, base, 42.4);
    const before = routeCalls();
    const a = await ingestPings(driver.id, [first], { google: keyed() });
    expect(routeCalls()).toBe(before);
    const via = { lat: shipment.pickupLat, lng: shipment.pickupLng };
    const km = haversineKm(first, via) + haversineKm(via, dropoff);
    expect(a.etaAt?.getTime()).toBe(first.recordedAt + Math.round((km / AVERAGE_SPEED_KMH) * 3_600_000));
  });

  it("falls back to the average-speed ETA when Google refuses (quota), and does not ask again on the next ping", async () => {
    const { shipment, driver, dropoff } = await inTransit();
    const google = { apiKey: EXHAUSTED, baseUrl: keyed().baseUrl };
    const first = ping(shipment.id, base, 42.4);
    const before = routeCalls();
    const a = await ingestPings(driver.id, [first], { google });
    expect(routeCalls()).toBe(before + 1);
    const km = haversineKm(first, dropoff);
    expect(a.etaAt?.getTime()).toBe(first.recordedAt + Math.round((km / AVERAGE_SPEED_KMH) * 3_600_000));
    await ingestPings(driver.id, [ping(shipment.id, base + 60_000, 42.45)], { google });
    expect(routeCalls()).toBe(before + 1);
  });
});
