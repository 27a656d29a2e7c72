import { describe, expect, it } from "vitest";

import {
  estimateArrival,
  isEtaLate,
  MAX_STEP_GAP_MS,
  recentSpeedKmh,
  RECENT_SPEED_WINDOW_MS,
  type TSpeedSample,
} from "~/lib/eta";
import { AVERAGE_SPEED_KMH, haversineKm } from "~/lib/geo";

const KM_PER_DEG_LAT = haversineKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 });
const T0 = Date.UTC(2026, 10, 30, 5, 0, 0);

/** Fixes due north along a meridian at `kmh`, every `everyMs`, starting at `startMs` from latitude `lat0`. */
function drive(kmh: number, count: number, everyMs = 10_000, startMs = T0, lat0 = 40): TSpeedSample[] {
  return Array.from({ length: count }, (_, i) => ({
    lat: lat0 + (kmh * ((i * everyMs) / 3_600_000)) / KM_PER_DEG_LAT,
    lng: -87,
    recordedAt: startMs + i * everyMs,
  }));
}

describe("recentSpeedKmh", () => {
  it("is distance over time of the recent fixes", () => {
    expect(recentSpeedKmh(drive(72, 13))).toBeCloseTo(72, 6);
  });

  it("reads fixes in any order", () => {
    expect(recentSpeedKmh(drive(50, 13).reverse())).toBeCloseTo(50, 6);
  });

  it("looks only at the window before the newest fix", () => {
    const old = drive(30, 31, 10_000, T0); // 5 minutes at 30 km/h
    const last = old.at(-1)!;
    const fast = drive(90, 61, 10_000, last.recordedAt + 10_000, last.lat + 0.001); // 10 minutes at 90 km/h
    expect(fast.at(-1)!.recordedAt - fast[0]!.recordedAt).toBe(RECENT_SPEED_WINDOW_MS);
    expect(recentSpeedKmh([...old, ...fast])).toBeCloseTo(90, 6);
  });

  it("leaves gaps out of both distance and time", () => {
    const before = drive(60, 7); // one minute
    const after = drive(60, 7, 10_000, before.at(-1)!.recordedAt + MAX_STEP_GAP_MS + 1, before.at(-1)!.lat + 0.2);
    expect(recentSpeedKmh([...before, ...after])).toBeCloseTo(60, 6);
  });

  it("ignores GPS jumps and inaccurate fixes", () => {
    const fixes = drive(60, 13);
    const jump = { lat: fixes[6]!.lat + 0.5, lng: -87, recordedAt: fixes[6]!.recordedAt + 5_000 };
    const blurred = { lat: fixes[3]!.lat + 0.01, lng: -87, recordedAt: fixes[3]!.recordedAt + 5_000, accuracyM: 500 };
    expect(recentSpeedKmh([...fixes, blurred])).toBeCloseTo(60, 6);
    // The jump's two steps are dropped, which also drops their 10 s: the rest still reads 60 km/h.
    expect(recentSpeedKmh([...fixes, jump])).toBeCloseTo(60, 6);
  });

  it("is null with too little driving time, one fix, or none", () => {
    expect(recentSpeedKmh(drive(60, 6))).toBeNull(); // 50 s
    expect(recentSpeedKmh(drive(60, 1))).toBeNull();
    expect(recentSpeedKmh([])).toBeNull();
  });

  it("is 0 for a truck standing still, and ignores repeated timestamps", () => {
    const still = drive(0, 13);
    expect(recentSpeedKmh([...still, { ...still[0]! }])).toBe(0);
  });
});

describe("estimateArrival", () => {
  const dropoff = { lat: 41, lng: -87 };

  it("divides the remaining distance by the recent speed", () => {
    const fixes = drive(80, 13);
    const position = fixes.at(-1)!;
    const eta = estimateArrival({
      position,
      dropoff,
      recent: fixes,
      fallbackSpeedKmh: 65,
      fromMs: position.recordedAt,
    });
    const remaining = haversineKm(position, dropoff);
    expect(eta?.source).toBe("recent");
    expect(eta?.remainingKm).toBeCloseTo(remaining, 9);
    expect(eta?.etaAt.getTime()).toBe(position.recordedAt + Math.round((remaining / eta!.speedKmh) * 3_600_000));
    expect(eta?.speedKmh).toBeCloseTo(80, 6);
  });

  it("falls back to the vehicle average without usable recent fixes", () => {
    const position = { lat: 40, lng: -87 };
    const eta = estimateArrival({ position, dropoff, recent: [], fallbackSpeedKmh: AVERAGE_SPEED_KMH, fromMs: T0 });
    expect(eta?.source).toBe("fallback");
    expect(eta?.etaAt.getTime()).toBe(
      T0 + Math.round((haversineKm(position, dropoff) / AVERAGE_SPEED_KMH) * 3_600_000),
    );
  });

  it("falls back while the truck stands still instead of putting the arrival days away", () => {
    const fixes = drive(1, 13);
    const eta = estimateArrival({
      position: fixes.at(-1)!,
      dropoff,
      recent: fixes,
      fallbackSpeedKmh: 65,
      fromMs: T0,
    });
    expect(eta?.source).toBe("fallback");
    expect(eta?.speedKmh).toBe(65);
  });

  it("goes through the pick-up first when one is given (a job not yet picked up)", () => {
    const position = { lat: 40, lng: -87 };
    const via = { lat: 39.5, lng: -87 };
    const eta = estimateArrival({ position, dropoff, via, recent: [], fallbackSpeedKmh: 65, fromMs: T0 });
    expect(eta?.remainingKm).toBeCloseTo(haversineKm(position, via) + haversineKm(via, dropoff), 9);
    expect(eta?.remainingKm).toBeGreaterThan(haversineKm(position, dropoff));
  });

  it("is the fix's time at the drop-off", () => {
    const eta = estimateArrival({
      position: dropoff,
      dropoff,
      recent: drive(60, 13),
      fallbackSpeedKmh: 65,
      fromMs: T0,
    });
    expect(eta?.etaAt.getTime()).toBe(T0);
    expect(eta?.remainingKm).toBe(0);
  });

  it("is null when no positive speed exists at all", () => {
    for (const fallbackSpeedKmh of [0, -10, Number.NaN]) {
      expect(
        estimateArrival({ position: { lat: 40, lng: -87 }, dropoff, recent: [], fallbackSpeedKmh, fromMs: T0 }),
      ).toBeNull();
    }
  });
});

describe("isEtaLate", () => {
  const end = new Date("2026-12-01T18:00:00Z");
  it("is late only when the ETA is after the drop-off window's end", () => {
    expect(isEtaLate(new Date("2026-12-01T18:00:01Z"), end)).toBe(true);
    expect(isEtaLate(new Date("2026-12-01T18:00:00Z"), end)).toBe(false);
    expect(isEtaLate(new Date("2026-12-01T12:00:00Z"), end)).toBe(false);
  });
  it("is not late without an ETA", () => {
    expect(isEtaLate(null, end)).toBe(false);
    expect(isEtaLate(undefined, end)).toBe(false);
  });
});
