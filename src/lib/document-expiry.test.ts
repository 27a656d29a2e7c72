import { describe, expect, it } from "vitest";

import { calendarDate, daysBetween, expiryState, todayIn } from "./document-expiry";

describe("document expiry", () => {
  it("reads today's date in the viewer's zone, not the server's", () => {
    const instant = new Date("2026-12-01T03:30:00Z");
    expect(todayIn("UTC", instant)).toBe("2026-12-01");
    expect(todayIn("America/Chicago", instant)).toBe("2026-11-30");
    expect(todayIn("Pacific/Auckland", instant)).toBe("2026-12-01");
  });

  it("counts calendar days across month ends and a DST change", () => {
    expect(daysBetween("2026-11-30", "2026-12-01")).toBe(1);
    expect(daysBetween("2027-03-13", "2027-03-15")).toBe(2);
    expect(daysBetween("2026-12-01", "2026-11-28")).toBe(-3);
  });

  it("names the state: expired, expires today, soon, valid", () => {
    expect(expiryState("2026-11-27", "2026-11-30")).toEqual({
      state: "expired",
      days: -3,
      label: "Expired 3 days ago",
    });
    expect(expiryState("2026-11-29", "2026-11-30").label).toBe("Expired yesterday");
    expect(expiryState("2026-11-30", "2026-11-30")).toEqual({ state: "soon", days: 0, label: "Expires today" });
    expect(expiryState("2026-12-01", "2026-11-30").label).toBe("Expires tomorrow");
    expect(expiryState("2026-12-30", "2026-11-30")).toMatchObject({ state: "soon", days: 30 });
    expect(expiryState(new Date("2027-05-01T00:00:00Z"), "2026-11-30")).toEqual({
      state: "valid",
      days: 152,
      label: "Expires in 152 days",
    });
    expect(calendarDate(new Date("2027-05-01T00:00:00Z"))).toBe("2027-05-01");
  });
});
