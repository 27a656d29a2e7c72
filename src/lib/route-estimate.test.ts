import { describe, expect, it } from "vitest";

import { haversineKm } from "./geo";
import { DETOUR_FACTOR, estimateRoad, PLANNING_SPEED_KMH } from "./route-estimate";

describe("estimateRoad", () => {
  const chicago = { lat: 41.85, lng: -87.65 };
  const houston = { lat: 29.76, lng: -95.36 };

  it("is the great circle times the detour factor, at the vehicle's planning speed, flagged as an estimate", () => {
    const km = haversineKm(chicago, houston) * DETOUR_FACTOR;
    const van = estimateRoad(chicago, houston, "VAN");
    const semi = estimateRoad(chicago, houston, "SEMI");
    expect(van.estimate).toBe(true);
    expect(van.distanceMeters).toBe(Math.round(km * 1000));
    expect(van.durationSec).toBe(Math.round((km / PLANNING_SPEED_KMH.VAN) * 3600));
    expect(semi.durationSec).toBeGreaterThan(van.durationSec);
    expect(van.path[0]).toEqual(chicago);
    expect(van.path.at(-1)).toEqual(houston);
  });

  it("draws a date-line lane the short way", () => {
    const e = estimateRoad({ lat: 0, lng: 179.955 }, { lat: 0, lng: -179.955 }, "VAN");
    expect(e.distanceMeters).toBeCloseTo(10_000 * DETOUR_FACTOR, -2);
    for (const p of e.path) expect(Math.abs(p.lng)).toBeGreaterThan(179.9);
  });
});
