import { describe, expect, it } from "vitest";

import { haversineKm } from "~/lib/geo";
import { coarsePoint } from "./coarse-location";

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
});
