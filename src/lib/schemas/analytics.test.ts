import { describe, expect, it } from "vitest";

import { lastDays, ZAnalyticsRangeSchema } from "./analytics";

describe("ZAnalyticsRangeSchema", () => {
  it("takes whole days, start first, at most 366 of them", () => {
    expect(ZAnalyticsRangeSchema.safeParse({ from: "2025-03-01", to: "2025-03-01" }).success).toBe(true);
    expect(ZAnalyticsRangeSchema.safeParse({ from: "2024-01-01", to: "2024-12-31" }).success).toBe(true);
    expect(ZAnalyticsRangeSchema.safeParse({ from: "2024-01-01", to: "2025-01-01" }).success).toBe(false);
    expect(ZAnalyticsRangeSchema.safeParse({ from: "2025-03-02", to: "2025-03-01" }).success).toBe(false);
    expect(ZAnalyticsRangeSchema.safeParse({ from: "2025-02-30", to: "2025-03-01" }).success).toBe(false);
    expect(ZAnalyticsRangeSchema.safeParse({ from: "1999-12-31", to: "2000-01-01" }).success).toBe(false);
    expect(ZAnalyticsRangeSchema.safeParse({ from: "2025-3-1", to: "2025-03-01" }).success).toBe(false);
  });

  it("names the field at fault", () => {
    const r = ZAnalyticsRangeSchema.safeParse({ from: "2025-03-02", to: "2025-03-01" });
    expect(r.error?.issues[0]?.path).toEqual(["from"]);
  });
});

describe("lastDays", () => {
  it("ends on today's UTC day and counts it", () => {
    expect(lastDays(7, new Date("2025-03-10T23:59:00Z"))).toEqual({ from: "2025-03-04", to: "2025-03-10" });
    expect(lastDays(1, new Date("2025-03-10T00:00:00Z"))).toEqual({ from: "2025-03-10", to: "2025-03-10" });
  });
});
