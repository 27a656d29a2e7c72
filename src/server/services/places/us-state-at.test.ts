import { describe, expect, it } from "vitest";

import { cities } from "../../../../prisma/cities";
import { usStateAt } from "./us-state-at";

describe("usStateAt", () => {
  it("names the state of each seed city", () => {
    for (const city of Object.values(cities)) expect(usStateAt(city)).toBe(city.state);
  });

  it("tells apart cities on either side of a state line", () => {
    expect(usStateAt({ lat: 39.0997, lng: -94.5786 })).toBe("MO"); // Kansas City, MO
    expect(usStateAt({ lat: 39.1141, lng: -94.6275 })).toBe("KS"); // Kansas City, KS
    expect(usStateAt({ lat: 40.7128, lng: -74.006 })).toBe("NY");
    expect(usStateAt({ lat: 40.7178, lng: -74.0431 })).toBe("NJ"); // Jersey City
  });

  it("finds Alaska on both sides of the 180° meridian and Hawaii", () => {
    expect(usStateAt({ lat: 61.2181, lng: -149.9003 })).toBe("AK"); // Anchorage
    expect(usStateAt({ lat: 51.88, lng: -176.65 })).toBe("AK"); // Adak, east of 180°
    expect(usStateAt({ lat: 52.72, lng: 174.11 })).toBe("AK"); // Shemya, west of 180°
    expect(usStateAt({ lat: 21.3069, lng: -157.8583 })).toBe("HI");
  });

  it("is null outside the states", () => {
    expect(usStateAt({ lat: 43.6532, lng: -79.3832 })).toBeNull(); // Toronto
    expect(usStateAt({ lat: 18.4655, lng: -66.1057 })).toBeNull(); // San Juan, Puerto Rico (a territory)
    expect(usStateAt({ lat: 30, lng: -40 })).toBeNull(); // Atlantic
  });
});
