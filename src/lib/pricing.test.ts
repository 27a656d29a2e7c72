import { describe, expect, it } from "vitest";

import { haversineKm } from "./geo";
import { MINIMUM_PRICE_CENTS, quote } from "./pricing";

const chicago = { lat: 41.8781, lng: -87.6298 };
const detroit = { lat: 42.3314, lng: -83.0458 };
const milwaukee = { lat: 43.0389, lng: -87.9065 };

describe("quote", () => {
  it("prices distance x rate x vehicle factor + weight, in integer cents", () => {
    const q = quote({ pickup: chicago, dropoff: detroit, weightKg: 1000, vehicleType: "VAN" });
    expect(q.distanceKm).toBe(381.5);
    // 381.5 km x 120 c/km x 1.0 + 1000 kg x 2 c/kg
    expect(q.priceCents).toBe(Math.round(q.distanceKm * 120 + 2000));
    expect(Number.isInteger(q.priceCents)).toBe(true);
    expect(q.platformFeeCents + q.driverPayoutCents).toBe(q.priceCents);
    expect(q.platformFeeCents).toBe(Math.round(q.priceCents * 0.15));
  });

  it("charges more for bigger vehicles and heavier cargo", () => {
    const van = quote({ pickup: chicago, dropoff: detroit, weightKg: 1000, vehicleType: "VAN" });
    const semi = quote({ pickup: chicago, dropoff: detroit, weightKg: 1000, vehicleType: "SEMI" });
    const heavy = quote({ pickup: chicago, dropoff: detroit, weightKg: 5000, vehicleType: "VAN" });
    expect(semi.priceCents).toBe(Math.round(van.distanceKm * 120 * 1.8 + 2000));
    expect(heavy.priceCents - van.priceCents).toBe(8000);
  });

  it("never goes below the minimum", () => {
    const q = quote({ pickup: chicago, dropoff: { lat: 41.88, lng: -87.63 }, weightKg: 1, vehicleType: "VAN" });
    expect(q.priceCents).toBe(MINIMUM_PRICE_CENTS);
  });

  it("estimates duration at average truck speed", () => {
    const q = quote({ pickup: chicago, dropoff: milwaukee, weightKg: 100, vehicleType: "VAN" });
    expect(q.durationMin).toBe(Math.round((q.distanceKm / 65) * 60));
  });
});

describe("haversineKm", () => {
  it("matches a known distance", () => {
    // Chicago to Detroit is about 383 km in a straight line.
    expect(haversineKm(chicago, detroit)).toBeGreaterThan(375);
    expect(haversineKm(chicago, detroit)).toBeLessThan(390);
    expect(haversineKm(chicago, chicago)).toBe(0);
  });
});
