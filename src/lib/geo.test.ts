import { describe, expect, it } from "vitest";

import {
  bearingDeg,
  distanceMetres,
  greatCirclePoints,
  haversineKm,
  interpolateGreatCircle,
  lngDelta,
  wrapLng,
} from "./geo";

// Two points 10 km apart on the equator, either side of the ±180° meridian (0.0899° of longitude is 10.0 km).
const westOfLine = { lat: 0, lng: 179.955 };
const eastOfLine = { lat: 0, lng: -179.955 };

describe("longitudes at ±180°", () => {
  it("wraps into [-180, 180) and takes the short way round", () => {
    expect(wrapLng(180)).toBe(-180);
    expect(wrapLng(190)).toBe(-170);
    expect(wrapLng(-540)).toBe(-180);
    expect(lngDelta(179.5, -179.5)).toBeCloseTo(1, 9);
    expect(lngDelta(-179.5, 179.5)).toBeCloseTo(-1, 9);
    expect(lngDelta(10, 20)).toBe(10);
  });
});

describe("distance", () => {
  it("measures a pair across the date line as the 10 km it is, not 40,000 km the long way", () => {
    expect(haversineKm(westOfLine, eastOfLine)).toBeCloseTo(10.0, 1);
    expect(distanceMetres(westOfLine, eastOfLine)).toBe(distanceMetres(eastOfLine, westOfLine));
  });

  it("agrees with a known lane: Chicago to Houston is about 1,516 km", () => {
    expect(haversineKm({ lat: 41.8781, lng: -87.6298 }, { lat: 29.7604, lng: -95.3698 })).toBeCloseTo(1515.6, -1);
  });
});

describe("bearing", () => {
  it("points east across the date line going east, west going back", () => {
    expect(bearingDeg(westOfLine, eastOfLine)).toBeCloseTo(90, 6);
    expect(bearingDeg(eastOfLine, westOfLine)).toBeCloseTo(270, 6);
  });

  it("names the four quarters and is 0 for the same point", () => {
    const o = { lat: 10, lng: 20 };
    expect(bearingDeg(o, { lat: 11, lng: 20 })).toBeCloseTo(0, 6);
    expect(bearingDeg(o, { lat: 9, lng: 20 })).toBeCloseTo(180, 6);
    expect(bearingDeg({ lat: 0, lng: 0 }, { lat: 0, lng: -1 })).toBeCloseTo(270, 6);
    expect(bearingDeg(o, o)).toBe(0);
  });
});

describe("interpolation", () => {
  it("puts the midpoint of a date-line pair on the meridian, not at longitude 0", () => {
    const mid = interpolateGreatCircle(westOfLine, eastOfLine, 0.5);
    expect(Math.abs(mid.lng)).toBeCloseTo(180, 6);
    expect(mid.lat).toBeCloseTo(0, 9);
    expect(haversineKm(westOfLine, mid)).toBeCloseTo(5, 2);
  });

  it("returns the ends at 0 and 1 and splits a lane into equal shares", () => {
    const a = { lat: 41.88, lng: -87.63 };
    const b = { lat: 29.76, lng: -95.37 };
    expect(interpolateGreatCircle(a, b, 0).lat).toBeCloseTo(a.lat, 9);
    expect(interpolateGreatCircle(a, b, 1).lng).toBeCloseTo(b.lng, 9);
    const q = interpolateGreatCircle(a, b, 0.25);
    expect(haversineKm(a, q)).toBeCloseTo(haversineKm(a, b) / 4, 6);
  });

  it("keeps every point of a date-line line near the meridian", () => {
    for (const p of greatCirclePoints({ lat: -17, lng: 178 }, { lat: -17, lng: -178 }, 8)) {
      expect(Math.abs(p.lng)).toBeGreaterThan(177.9);
      expect(p.lng).toBeGreaterThanOrEqual(-180);
      expect(p.lng).toBeLessThan(180);
    }
  });
});
