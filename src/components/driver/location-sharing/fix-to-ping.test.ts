import { describe, expect, it } from "vitest";

import { fixToPing, isNewFix, MIN_FIX_INTERVAL_MS, type TFix } from "./fix-to-ping";

const SHIPMENT = "cmshipment000000000000001";
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

function fix(coords: Partial<TFix["coords"]> = {}, timestamp = T0): TFix {
  return {
    timestamp,
    coords: { latitude: 41.8781, longitude: -87.6298, accuracy: 12, speed: null, heading: null, ...coords },
  };
}

describe("fixToPing", () => {
  it("takes the fix's timestamp as recordedAt and converts m/s to km/h", () => {
    expect(fixToPing(SHIPMENT, fix({ speed: 25, heading: 90 }))).toEqual({
      shipmentId: SHIPMENT,
      lat: 41.8781,
      lng: -87.6298,
      accuracyM: 12,
      speedKmh: 90,
      headingDeg: 90,
      recordedAt: T0,
    });
  });

  it("reports what the device does not know as null (NaN heading when standing still, null speed)", () => {
    const ping = fixToPing(SHIPMENT, fix({ speed: 0, heading: Number.NaN }));
    expect(ping?.speedKmh).toBe(0);
    expect(ping?.headingDeg).toBeNull();
    expect(fixToPing(SHIPMENT, fix({ speed: null, heading: null }))?.speedKmh).toBeNull();
  });

  it("folds a heading of 360° to 0° and rounds a fractional timestamp down", () => {
    const ping = fixToPing(SHIPMENT, fix({ heading: 360 }, T0 + 0.7));
    expect(ping?.headingDeg).toBe(0);
    expect(ping?.recordedAt).toBe(T0);
  });

  it("does not queue a fix the ingest route would refuse", () => {
    expect(fixToPing(SHIPMENT, fix({ accuracy: 20_000 }))).toBeNull();
    expect(fixToPing(SHIPMENT, fix({ latitude: 91 }))).toBeNull();
    expect(fixToPing("not an id!", fix())).toBeNull();
  });
});

describe("isNewFix", () => {
  it("keeps the first fix and fixes at least a second after the last kept one", () => {
    expect(isNewFix(null, T0)).toBe(true);
    expect(isNewFix(T0, T0 + MIN_FIX_INTERVAL_MS)).toBe(true);
    expect(isNewFix(T0, T0 + 5_000)).toBe(true);
  });

  it("drops near-identical fixes: the same time again, a burst within a second, an older cached fix", () => {
    expect(isNewFix(T0, T0)).toBe(false);
    expect(isNewFix(T0, T0 + MIN_FIX_INTERVAL_MS - 1)).toBe(false);
    expect(isNewFix(T0, T0 - 2_000)).toBe(false);
  });
});
