import { describe, expect, it } from "vitest";

import { timeZoneAt } from "./time-zone";

describe("timeZoneAt", () => {
  it("derives each stop's zone from its coordinates", () => {
    expect(timeZoneAt({ lat: 41.88, lng: -87.63 })).toBe("America/Chicago");
    expect(timeZoneAt({ lat: 40.71, lng: -74.01 })).toBe("America/New_York");
    expect(timeZoneAt({ lat: 34.05, lng: -118.24 })).toBe("America/Los_Angeles");
    expect(timeZoneAt({ lat: 33.45, lng: -112.07 })).toBe("America/Phoenix");
    expect(timeZoneAt({ lat: 35.68, lng: 139.69 })).toBe("Asia/Tokyo");
    expect(timeZoneAt({ lat: -16.8, lng: 179.95 })).toBe("Pacific/Fiji");
  });

  it("refuses coordinates off the globe", () => {
    expect(() => timeZoneAt({ lat: 91, lng: 0 })).toThrow();
  });
});
