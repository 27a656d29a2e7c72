import { describe, expect, it } from "vitest";

import { haversineKm } from "~/lib/geo";
import { coarseDistanceKm, coarsePoint } from "./coarse-location";

describe("coarse locations for unassigned drivers", () => {
  it("snaps each coordinate to 0.01°, so the point moves by at most about 0.8 km", () => {
    expect(coarsePoint({ lat: 41.87814, lng: -87.62983 })).toEqual({ lat: 41.88, lng: -87.63 });
    for (const p of [
      { lat: 41.87814, lng: -87.62983 },
      { lat: -33.86785, lng: 151.20732 },
      { lat: 64.14659, lng: -21.9426 },
    ]) {
      expect(haversineKm(p, coarsePoint(p))).toBeLessThan(0.8);
    }
  });

  it("gives the same whole-km distance for every exact point in one 0.01° cell, from any position", () => {
    const inCell = [
      { lat: 41.8751, lng: -87.6349 },
      { lat: 41.8849, lng: -87.6251 },
      { lat: 41.88, lng: -87.63 },
    ];
    for (const origin of [
      { lat: 41.8781, lng: -87.6298 },
      { lat: 41.9, lng: -87.7 },
      { lat: 42.3314, lng: -83.0458 },
    ]) {
      const answers = new Set(inCell.map((stop) => coarseDistanceKm(origin, stop)));
      expect(answers.size).toBe(1);
      expect(Number.isInteger([...answers][0])).toBe(true);
    }
  });
});
