import { describe, expect, it } from "vitest";

import { greatCirclePoints, haversineKm } from "~/lib/geo";
import {
  agoText,
  boundsOf,
  boundsWidthDeg,
  easeInOut,
  formatClock,
  freshness,
  interpolateFix,
  remainingKm,
  sphericalCentre,
  STALE_AFTER_MS,
  type TFix,
} from "./geometry";
import { fitOfflineProjection } from "./offline-projection";

const fix = (lat: number, lng: number, recordedAt: number, headingDeg: number | null = null): TFix => ({
  lat,
  lng,
  recordedAt,
  speedKmh: 60,
  headingDeg,
});

describe("bounds and centre", () => {
  it("centres points on both sides of ±180° on the meridian, not on Greenwich", () => {
    const c = sphericalCentre([
      { lat: -17, lng: 179.5 },
      { lat: -17.2, lng: -179.5 },
    ])!;
    expect(Math.abs(Math.abs(c.lng) - 180)).toBeLessThan(0.01);
    expect(c.lat).toBeCloseTo(-17.1, 1);
  });

  it("gives the short box across ±180° (west > east), and the normal box elsewhere", () => {
    const across = boundsOf([
      { lat: -17, lng: 179.5 },
      { lat: -18, lng: -179 },
      { lat: -16, lng: 178 },
    ])!;
    expect(across).toEqual({ west: 178, south: -18, east: -179, north: -16 });
    expect(boundsWidthDeg(across)).toBe(3);
    const us = boundsOf([
      { lat: 41.88, lng: -87.63 },
      { lat: 29.76, lng: -95.37 },
    ])!;
    expect(us).toEqual({ west: -95.37, south: 29.76, east: -87.63, north: 41.88 });
    expect(boundsOf([])).toBeNull();
  });
});

describe("fitOfflineProjection", () => {
  const W = 600;
  const H = 400;
  const P = 24;
  const inside = ([x, y]: [number, number]) => x >= P - 0.5 && x <= W - P + 0.5 && y >= P - 0.5 && y <= H - P + 0.5;

  it("puts a US route's stops and trail inside the padded frame", () => {
    const pts = [
      { lat: 41.88, lng: -87.63 },
      { lat: 29.76, lng: -95.37 },
      { lat: 36.1, lng: -90.2 },
    ];
    const proj = fitOfflineProjection(pts, W, H, P)!;
    for (const p of pts) expect(inside(proj([p.lng, p.lat])!)).toBe(true);
  });

  it("fits a trail crossing ±180° tightly (Fiji), instead of spanning the whole world", () => {
    const pts = [
      { lat: -16.5, lng: 178.5 },
      { lat: -16.8, lng: 179.9 },
      { lat: -16.9, lng: -179.8 },
      { lat: -17.2, lng: -179.2 },
    ];
    const proj = fitOfflineProjection(pts, W, H, P)!;
    const xy = pts.map((p) => proj([p.lng, p.lat])!);
    for (const p of xy) expect(inside(p)).toBe(true);
    // Consecutive fixes 100-odd km apart stay neighbours on screen: across the meridian too.
    const xs = xy.map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(W / 2);
  });

  it("does not zoom in without limit on a single point, and returns null for none", () => {
    const proj = fitOfflineProjection([{ lat: 52.52, lng: 13.4 }], W, H, P)!;
    const [x1] = proj([13.4, 52.52])!;
    const [x2] = proj([13.5, 52.52])!;
    expect(Math.abs(x2 - x1)).toBeLessThan(W / 2);
    expect(fitOfflineProjection([], W, H, P)).toBeNull();
  });
});

describe("interpolateFix", () => {
  it("moves linearly between two fixes, with the ends exact", () => {
    const a = fix(40, -90, 1_000, 0);
    const b = fix(41, -88, 3_000, 90);
    expect(interpolateFix(a, b, 0)).toMatchObject({ lat: 40, lng: -90, headingDeg: 0 });
    expect(interpolateFix(a, b, 1)).toMatchObject({ lat: 41, lng: -88, recordedAt: 3_000, headingDeg: 90 });
    expect(interpolateFix(a, b, 0.5)).toMatchObject({ lat: 40.5, lng: -89, recordedAt: 2_000, headingDeg: 45 });
    expect(interpolateFix(a, b, 2)).toMatchObject({ lat: 41, lng: -88 });
  });

  it("goes the short way across ±180° and turns the short way through north", () => {
    const mid = interpolateFix(fix(0, 179.8, 0, 350), fix(0, -179.8, 1_000, 10), 0.5);
    expect(Math.abs(Math.abs(mid.lng) - 180)).toBeLessThan(1e-9);
    expect(mid.headingDeg! % 360).toBeCloseTo(0, 9);
  });

  it("has no heading when the new fix has none", () => {
    expect(interpolateFix(fix(0, 0, 0, 90), fix(0, 1, 1, null), 0.5).headingDeg).toBeNull();
  });

  it("eases in and out within 0..1", () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBe(0.5);
    expect(easeInOut(0.1)).toBeLessThan(0.1);
    expect(easeInOut(-1)).toBe(0);
  });
});

describe("freshness", () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  it("is live up to 5 minutes, then stale with 'Last seen N min ago'", () => {
    expect(freshness(now - 20_000, now)).toEqual({ stale: false, ageMs: 20_000, label: "Updated just now" });
    expect(freshness(now - STALE_AFTER_MS, now)!.stale).toBe(false);
    expect(freshness(now - 6 * 60_000, now)).toMatchObject({ stale: true, label: "Last seen 6 min ago" });
    expect(freshness(null, now)).toBeNull();
  });

  it("words long absences in hours and days", () => {
    expect(agoText(125 * 60_000)).toBe("2 h 5 min ago");
    expect(agoText(120 * 60_000)).toBe("2 h ago");
    expect(agoText(25 * 3600_000)).toBe("1 day ago");
    expect(agoText(-5_000)).toBe("just now");
  });
});

describe("formatClock", () => {
  it("names the zone, and adds the day when it is not today there", () => {
    const at = new Date(Date.UTC(2026, 11, 1, 21, 40));
    expect(formatClock(at, new Date(Date.UTC(2026, 11, 1, 18)), "America/Chicago")).toBe("3:40 PM CST");
    expect(formatClock(at, new Date(Date.UTC(2026, 10, 30, 18)), "America/Chicago")).toBe("Tue, Dec 1, 3:40 PM CST");
  });
});

describe("remainingKm", () => {
  it("is the straight line without a route, and follows the route from its nearest point with one", () => {
    const dropoff = { lat: 0, lng: 2 };
    expect(remainingKm({ lat: 0, lng: 0 }, dropoff)).toBeCloseTo(222.4, 0);
    const route = [
      { lat: 0, lng: 0 },
      { lat: 1, lng: 1 },
      { lat: 0, lng: 2 },
    ];
    expect(remainingKm({ lat: 1, lng: 1 }, dropoff, route)).toBeCloseTo(157.2, 0);
  });
});

describe("greatCirclePoints", () => {
  it("starts and ends at the stops, and every step is an equal share of the distance", () => {
    const a = { lat: 41.88, lng: -87.63 };
    const b = { lat: 29.76, lng: -95.37 };
    const pts = greatCirclePoints(a, b, 10);
    expect(pts).toHaveLength(11);
    expect(pts[0]!.lat).toBeCloseTo(a.lat, 9);
    expect(pts[10]!.lng).toBeCloseTo(b.lng, 9);
    const total = haversineKm(a, b);
    for (let i = 0; i < 10; i++) expect(haversineKm(pts[i]!, pts[i + 1]!)).toBeCloseTo(total / 10, 6);
  });

  it("crosses ±180° the short way", () => {
    const pts = greatCirclePoints({ lat: -17, lng: 178 }, { lat: -17, lng: -178 }, 4);
    for (const p of pts) expect(Math.abs(p.lng)).toBeGreaterThan(177.9);
  });
});
