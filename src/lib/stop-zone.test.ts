import { describe, expect, it } from "vitest";

import { formatStopWindow, fromWallTime, nextFullHourWall, toWallTime, zoneAt } from "./stop-zone";

describe("zoneAt", () => {
  it("derives the IANA zone of stops in several zones, offline", () => {
    expect(zoneAt(41.8781, -87.6298)).toBe("America/Chicago");
    expect(zoneAt(40.7128, -74.006)).toBe("America/New_York");
    expect(zoneAt(34.0522, -118.2437)).toBe("America/Los_Angeles");
    expect(zoneAt(33.4484, -112.074)).toBe("America/Phoenix");
    expect(zoneAt(35.6762, 139.6503)).toBe("Asia/Tokyo");
    expect(zoneAt(-16.8, 179.95)).toBe("Pacific/Fiji");
  });
});

describe("fromWallTime / toWallTime", () => {
  const chicago = "America/Chicago";

  it("turns a wall time into its instant and back", () => {
    const r = fromWallTime("2026-01-15T09:30", chicago);
    expect(r).toEqual({ kind: "ok", instant: new Date("2026-01-15T15:30:00Z") });
    expect(toWallTime(new Date("2026-01-15T15:30:00Z"), chicago)).toBe("2026-01-15T09:30");
    expect(fromWallTime("2026-07-15T09:30", chicago)).toEqual({
      kind: "ok",
      instant: new Date("2026-07-15T14:30:00Z"),
    });
    expect(fromWallTime("2026-01-16T06:30", "Asia/Tokyo")).toEqual({
      kind: "ok",
      instant: new Date("2026-01-15T21:30:00Z"),
    });
  });

  it("finds the spring-forward gap: 2:30 AM on 8 March 2026 does not exist in Chicago", () => {
    expect(fromWallTime("2026-03-08T02:30", chicago)).toEqual({ kind: "gap" });
    expect(fromWallTime("2026-03-08T03:00", chicago)).toEqual({
      kind: "ok",
      instant: new Date("2026-03-08T08:00:00Z"),
    });
    // Arizona keeps standard time all year: no gap there.
    expect(fromWallTime("2026-03-08T02:30", "America/Phoenix").kind).toBe("ok");
  });

  it("finds the fall-back hour: 1:30 AM on 1 November 2026 happens twice in Chicago", () => {
    expect(fromWallTime("2026-11-01T01:30", chicago)).toEqual({
      kind: "ambiguous",
      earlier: new Date("2026-11-01T06:30:00Z"),
      later: new Date("2026-11-01T07:30:00Z"),
    });
  });

  it("refuses text that is not a wall time", () => {
    for (const bad of ["", "2026-02-30T10:00", "2026-01-15 09:30", "2026-01-15T24:00", "tomorrow"]) {
      expect(fromWallTime(bad, chicago)).toMatchObject({ kind: "invalid" });
    }
  });
});

describe("formatStopWindow", () => {
  it("names the stop's zone whatever the viewer's, the day once", () => {
    const w = formatStopWindow(new Date("2026-12-01T15:00:00Z"), new Date("2026-12-01T17:00:00Z"), "America/Chicago");
    expect(w.text).toBe("Tue, Dec 1, 9:00 – 11:00 AM CST");
    const afternoon = formatStopWindow(
      new Date("2026-12-01T17:00:00Z"),
      new Date("2026-12-01T23:00:00Z"),
      "America/Chicago",
    );
    expect(afternoon.text).toBe("Tue, Dec 1, 11:00 AM – 5:00 PM CST");
    const overnight = formatStopWindow(
      new Date("2026-12-01T15:00:00Z"),
      new Date("2026-12-02T15:00:00Z"),
      "Asia/Tokyo",
    );
    expect(overnight.text).toBe("Wed, Dec 2, 12:00 AM – Thu, Dec 3, 12:00 AM GMT+9");
  });

  it("names each end when daylight saving time changes inside the window", () => {
    const w = formatStopWindow(new Date("2026-11-01T05:00:00Z"), new Date("2026-11-01T15:00:00Z"), "America/Chicago");
    expect(w.text).toBe("Sun, Nov 1, 12:00 AM CDT – 9:00 AM CST");
  });
});

describe("calendar checks and the next full hour", () => {
  it("refuses fields that are not on the calendar (not a daylight-saving gap)", () => {
    for (const wall of [
      "2026-13-01T10:00",
      "2026-00-10T10:00",
      "0000-01-01T00:00",
      "2026-04-31T10:00",
      "2101-01-01T00:00",
    ]) {
      expect(fromWallTime(wall, "America/Chicago"), wall).toEqual({ kind: "invalid", reason: "date" });
    }
    expect(fromWallTime("tomorrow", "America/Chicago")).toEqual({ kind: "invalid", reason: "format" });
    expect(fromWallTime("2028-02-29T10:00", "America/Chicago").kind).toBe("ok");
  });

  it("gives the next full hour in the stop's zone", () => {
    // 02:16 UTC on Dec 1 is 20:16 CST on Nov 30: the next full hour there is 21:00.
    expect(nextFullHourWall(new Date("2026-12-01T02:16:00Z"), "America/Chicago")).toBe("2026-11-30T21:00");
    // Half-hour zones keep their own full hours: 02:16 UTC is 07:46 in Kolkata, next 08:00.
    expect(nextFullHourWall(new Date("2026-12-01T02:16:00Z"), "Asia/Kolkata")).toBe("2026-12-01T08:00");
  });
});
