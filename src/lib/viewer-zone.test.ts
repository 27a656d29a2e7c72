import { describe, expect, it } from "vitest";

import { formatInZone, validZone, zoneName } from "./viewer-zone";

describe("validZone", () => {
  it("accepts IANA zones and refuses anything else a cookie could hold", () => {
    expect(validZone("America/Chicago")).toBe("America/Chicago");
    expect(validZone("UTC")).toBe("UTC");
    for (const bad of [undefined, null, "", "Mars/Olympus", "America/Chicago; path=/", "x".repeat(65), "../etc"]) {
      expect(validZone(bad)).toBeNull();
    }
  });
});

describe("formatInZone", () => {
  // 2026-01-15 21:30 UTC: 3:30 PM in Chicago (CST), 6:30 AM the next day in Tokyo.
  const instant = new Date(Date.UTC(2026, 0, 15, 21, 30));

  it("names the zone with the time, and the date follows the zone", () => {
    expect(formatInZone(instant, "datetime", "America/Chicago")).toBe("Jan 15, 2026, 3:30 PM CST");
    expect(formatInZone(instant, "datetime", "America/New_York")).toBe("Jan 15, 2026, 4:30 PM EST");
    expect(formatInZone(instant, "datetime", "Asia/Tokyo")).toBe("Jan 16, 2026, 6:30 AM GMT+9");
    expect(formatInZone(instant, "date", "Asia/Tokyo")).toBe("Jan 16, 2026");
    expect(formatInZone(instant, "datetime", "UTC")).toBe("Jan 15, 2026, 9:30 PM UTC");
  });

  it("follows daylight saving time", () => {
    expect(zoneName(new Date(Date.UTC(2026, 6, 1, 12)), "America/Chicago")).toBe("CDT");
    expect(zoneName(instant, "America/Los_Angeles")).toBe("PST");
  });
});
