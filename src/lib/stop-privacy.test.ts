import { describe, expect, it } from "vitest";

import { haversineKm } from "./geo";
import { nearAStop, privacySquare, publicArea, publicEta, STOP_PRIVACY_M } from "./stop-privacy";

const chicago = { lat: 41.8781, lng: -87.6298 };

describe("nearAStop", () => {
  it("hides a point 900 m from the stop in any direction and shows one 1.1 km away", () => {
    for (const bearing of [0, 90, 180, 270]) {
      const rad = (bearing * Math.PI) / 180;
      const at = (m: number) => ({
        lat: chicago.lat + (Math.cos(rad) * m) / 111_320,
        lng: chicago.lng + (Math.sin(rad) * m) / (111_320 * Math.cos((chicago.lat * Math.PI) / 180)),
      });
      expect(haversineKm(chicago, at(900))).toBeCloseTo(0.9, 1);
      expect(nearAStop(at(900), [chicago])).toBe(true);
      expect(nearAStop(at(1_100), [chicago])).toBe(false);
    }
  });

  it("checks every stop, and a point far from all of them is shown", () => {
    const milwaukee = { lat: 43.0389, lng: -87.9065 };
    expect(nearAStop({ lat: 43.039, lng: -87.9066 }, [chicago, milwaukee])).toBe(true);
    expect(nearAStop({ lat: 42.5, lng: -87.8 }, [chicago, milwaukee])).toBe(false);
    expect(nearAStop(chicago, [])).toBe(false);
  });

  it("keeps the square about STOP_PRIVACY_M wide in longitude at high latitude, and bounded near a pole", () => {
    const tromso = { lat: 69.65, lng: 18.96 };
    const sq = privacySquare(tromso);
    const eastEdge = { lat: tromso.lat, lng: sq.lng[1] };
    expect(haversineKm(tromso, eastEdge) * 1000).toBeCloseTo(STOP_PRIVACY_M, -1);
    const pole = privacySquare({ lat: 90, lng: 0 });
    expect(pole.lng[1] - pole.lng[0]).toBeLessThanOrEqual(2);
  });
});

describe("publicEta", () => {
  it("gives the time to the drop-off's public area at the same speed, never the time to the door", () => {
    const door = { lat: 43.03894, lng: -87.90651 };
    const at = new Date("2026-12-01T15:00:00Z");
    // Three readings from three places at 65 km/h: exact ETAs would pin the door; public ones only the area.
    for (const position of [
      { lat: 42.5, lng: -87.9 },
      { lat: 42.9, lng: -88.4 },
      { lat: 43.2, lng: -87.5 },
    ]) {
      const exactMs = (haversineKm(position, door) / 65) * 3_600_000;
      const pub = publicEta({ etaAt: new Date(at.getTime() + exactMs), at, position, dropoff: door })!;
      const km = ((pub.getTime() - at.getTime()) / 3_600_000) * 65;
      expect(km).toBeCloseTo(haversineKm(position, publicArea(door)), 3); // to the metre (Dates hold whole ms)
    }
  });

  it("is null without a fix, an ETA or time left", () => {
    const dropoff = { lat: 43, lng: -87.9 };
    const at = new Date();
    expect(publicEta({ etaAt: null, at, position: dropoff, dropoff })).toBeNull();
    expect(publicEta({ etaAt: at, at: null, position: dropoff, dropoff })).toBeNull();
    expect(publicEta({ etaAt: at, at, position: { lat: 42, lng: -87 }, dropoff })).toBeNull();
  });
});
