import { describe, expect, it } from "vitest";

import type { TTrailPoint } from "~/lib/realtime";
import { mergeTrail, trailPointFromEvent } from "~/lib/trail";

const at = (recordedAt: number, lat = 41): TTrailPoint => ({
  lat,
  lng: -87,
  recordedAt,
  speedKmh: null,
  headingDeg: null,
});
const times = (t: TTrailPoint[]) => t.map((p) => p.recordedAt);

describe("mergeTrail", () => {
  it("appends newer points in order", () => {
    expect(times(mergeTrail([at(1), at(2)], [at(4), at(3)]))).toEqual([1, 2, 3, 4]);
  });

  it("puts older and interleaved points (a catch-up read) in their place", () => {
    expect(times(mergeTrail([at(2), at(5)], [at(1), at(3), at(6)]))).toEqual([1, 2, 3, 5, 6]);
  });

  it("keeps one point per recordedAt, the one already held winning", () => {
    const merged = mergeTrail([at(1, 10), at(2, 10)], [at(2, 99), at(3, 10), at(3, 98)]);
    expect(times(merged)).toEqual([1, 2, 3]);
    expect(merged.map((p) => p.lat)).toEqual([10, 10, 10]);
  });

  it("returns the same array when nothing is new, so the cache does not change", () => {
    const held = [at(1), at(2)];
    expect(mergeTrail(held, [at(2), at(1)])).toBe(held);
    expect(mergeTrail(held, [])).toBe(held);
  });

  it("keeps only the newest `cap` points", () => {
    expect(times(mergeTrail([at(1), at(2), at(3)], [at(4), at(5)], 3))).toEqual([3, 4, 5]);
    expect(times(mergeTrail([at(1), at(2), at(3)], [], 2))).toEqual([2, 3]);
  });

  it("does not modify its inputs", () => {
    const held = [at(3)];
    const incoming = [at(2), at(1)];
    mergeTrail(held, incoming);
    expect(times(held)).toEqual([3]);
    expect(times(incoming)).toEqual([2, 1]);
  });
});

describe("trailPointFromEvent", () => {
  it("reads the ISO time back to epoch milliseconds", () => {
    const p = trailPointFromEvent({
      shipmentId: "s",
      lat: 41.5,
      lng: -87.2,
      recordedAt: "2026-11-30T05:00:01.250Z",
      speedKmh: 72,
      headingDeg: 90,
      etaAt: null,
    });
    expect(p).toEqual({
      lat: 41.5,
      lng: -87.2,
      recordedAt: Date.UTC(2026, 10, 30, 5, 0, 1, 250),
      speedKmh: 72,
      headingDeg: 90,
    });
  });
});
