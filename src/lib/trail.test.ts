import { describe, expect, it } from "vitest";

import type { TTrailPoint } from "~/lib/realtime";
import { catchUpTrail, mergePage, mergeTrail, type TTrailPage, trailPointFromEvent, withoutSpikes } from "~/lib/trail";

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

describe("mergePage", () => {
  const page = (points: TTrailPoint[], etaAt: Date | null = null, lastPositionAt: Date | null = null): TTrailPage => ({
    points,
    hasMore: false,
    etaAt,
    lastPositionAt,
  });

  it("merges the points, takes the new ETA and moves the last fix to the newest point", () => {
    const eta = new Date(50_000);
    const merged = mergePage(page([at(1_000)], null, new Date(1_000)), [at(3_000)], eta, null);
    expect(times(merged.points)).toEqual([1_000, 3_000]);
    expect(merged.etaAt).toEqual(eta);
    expect(merged.lastPositionAt).toEqual(new Date(3_000));
  });

  it("never moves the last fix backwards", () => {
    const merged = mergePage(page([at(5_000)], null, new Date(9_000)), [at(2_000)], null, new Date(4_000));
    expect(merged.lastPositionAt).toEqual(new Date(9_000));
  });

  it("returns the same page when nothing changed", () => {
    const held = page([at(1_000)], new Date(7_000), new Date(1_000));
    expect(mergePage(held, [at(1_000)], new Date(7_000), new Date(1_000))).toBe(held);
  });
});

describe("catchUpTrail", () => {
  /** A server holding `all` (ascending) that answers `since` reads `pageSize` at a time, and a client cache. */
  function setup(held: TTrailPoint[], all: TTrailPoint[], pageSize: number) {
    let cached: TTrailPage | undefined = { points: held, hasMore: false, etaAt: null, lastPositionAt: null };
    const asked: number[] = [];
    const cache = {
      get: () => cached,
      update: (fn: (p: TTrailPage) => TTrailPage) => {
        if (cached) cached = fn(cached);
      },
      ensure: () => Promise.resolve(),
      since: (since: number) => {
        asked.push(since);
        const after = all.filter((p) => p.recordedAt > since);
        return Promise.resolve({
          points: after.slice(0, pageSize),
          hasMore: after.length > pageSize,
          etaAt: new Date(99_000),
          lastPositionAt: all.at(-1) ? new Date(all.at(-1)!.recordedAt) : null,
        });
      },
    };
    return { cache, asked, cached: () => cached! };
  }

  it("reads every page after the newest held point and merges them", async () => {
    const all = [1, 2, 3, 4, 5, 6, 7].map((i) => at(i * 1_000));
    const s = setup(all.slice(0, 2), all, 2);
    expect(await catchUpTrail(s.cache)).toBe(7_000);
    expect(s.asked).toEqual([2_000, 4_000, 6_000]);
    expect(times(s.cached().points)).toEqual(all.map((p) => p.recordedAt));
    expect(s.cached().etaAt).toEqual(new Date(99_000));
    expect(s.cached().lastPositionAt).toEqual(new Date(7_000));
  });

  it("reads from the start when nothing is held, and once when nothing is new", async () => {
    const empty = setup([], [at(1_000)], 500);
    await catchUpTrail(empty.cache);
    expect(empty.asked).toEqual([0]);
    expect(times(empty.cached().points)).toEqual([1_000]);

    const current = setup([at(1_000)], [at(1_000)], 500);
    expect(await catchUpTrail(current.cache)).toBe(1_000);
    expect(current.asked).toEqual([1_000]);
  });

  it("from an older cursor fills in the fixes live events skipped", async () => {
    const all = [1, 2, 3, 4, 5].map((i) => at(i * 1_000));
    // Read completely up to 2 s, then live events brought 5 s only.
    const s = setup([all[0]!, all[1]!, all[4]!], all, 500);
    expect(await catchUpTrail(s.cache, 2_000)).toBe(5_000);
    expect(s.asked).toEqual([2_000]);
    expect(times(s.cached().points)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
  });
});

describe("withoutSpikes", () => {
  const at = (i: number, lat: number, lng = -87.9): TTrailPoint => ({
    lat,
    lng,
    recordedAt: 1_700_000_000_000 + i * 10_000,
    speedKmh: null,
    headingDeg: null,
  });

  it("leaves out a single fix 20 km off a track driven at 90 km/h, and keeps everything else", () => {
    // 0.0025° of latitude per 10 s is about 100 km/h.
    const track = [0, 1, 2, 3, 4].map((i) => at(i, 42 + i * 0.0025));
    const glitch = [...track.slice(0, 2), at(2, 42.2), ...track.slice(3)];
    expect(withoutSpikes(glitch)).toEqual([track[0], track[1], track[3], track[4]]);
  });

  it("keeps a clean track as it is (the same array), and the newest fix even when it jumps", () => {
    const track = [0, 1, 2, 3].map((i) => at(i, 42 + i * 0.0025));
    expect(withoutSpikes(track)).toBe(track);
    const jumpAtTheEnd = [...track, at(4, 43)];
    expect(withoutSpikes(jumpAtTheEnd)).toBe(jumpAtTheEnd);
  });

  it("keeps a run of consistently fast fixes: only a fix out of line with both neighbours is a glitch", () => {
    const fast = [0, 1, 2, 3].map((i) => at(i, 42 + i * 0.1)); // 4,000 km/h, but each fix in line with the next
    expect(withoutSpikes(fast)).toBe(fast);
  });

  it("judges the fix after a dropped glitch by the last fix kept", () => {
    const track = [0, 1, 2, 3, 4, 5].map((i) => at(i, 42 + i * 0.0025));
    const glitches = [track[0]!, at(1, 42.3), track[2]!, at(3, 41.7), track[4]!, track[5]!];
    expect(withoutSpikes(glitches)).toEqual([track[0], track[2], track[4], track[5]]);
  });
});
