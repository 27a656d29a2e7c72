import { describe, expect, it } from "vitest";

import { directionsHref, geoHref } from "./format";

describe("directions links", () => {
  const dock = { lat: 41.87811412345, lng: -87.62979812345 };

  it("route Google Maps to the exact point, not the address", () => {
    expect(directionsHref(dock)).toBe(
      "https://www.google.com/maps/dir/?api=1&destination=41.878114,-87.629798&travelmode=driving",
    );
  });

  it("label the geo: point with the address, encoded, parentheses removed", () => {
    expect(geoHref(dock, "Dock 4 (rear), 233 S Wacker Dr, Chicago")).toBe(
      `geo:41.878114,-87.629798?q=41.878114,-87.629798(${encodeURIComponent("Dock 4 rear , 233 S Wacker Dr, Chicago")})`,
    );
    expect(geoHref({ lat: -33.8688, lng: 151.2093 }, "  ")).toBe("geo:-33.8688,151.2093?q=-33.8688,151.2093");
  });
});
