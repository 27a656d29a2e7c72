// A shipment's trail on the client: points arrive from the first read, from live `location` events and from the
// catch-up reads after a reconnect, in any order and with overlaps. One pure merge keeps them sorted and unique.
import type { TLocationEvent, TTrailPoint } from "~/lib/realtime";

/** Points the browser keeps per shipment: about 5.5 hours of one fix every 10 s, a few hundred KB at most. */
export const TRAIL_CAP = 2_000;

/**
 * `existing` and `incoming` merged: ascending `recordedAt` (epoch ms), one point per `recordedAt` (the one already
 * held wins, so a replayed event changes nothing), and only the newest `cap` points kept. Returns `existing` itself
 * when nothing new arrived, so a React Query cache update with it re-renders nothing. Neither input is modified.
 */
export function mergeTrail(
  existing: readonly TTrailPoint[],
  incoming: readonly TTrailPoint[],
  cap: number = TRAIL_CAP,
): TTrailPoint[] {
  const held = new Set(existing.map((p) => p.recordedAt));
  const fresh: TTrailPoint[] = [];
  for (const p of incoming) {
    if (held.has(p.recordedAt)) continue;
    held.add(p.recordedAt);
    fresh.push(p);
  }
  const capped = existing.length > cap;
  if (fresh.length === 0 && !capped) return existing as TTrailPoint[];
  const last = existing.at(-1)?.recordedAt ?? -Infinity;
  fresh.sort((a, b) => a.recordedAt - b.recordedAt);
  // The common case, a newer live fix, appends without re-sorting what is held.
  const merged =
    fresh.length > 0 && fresh[0]!.recordedAt > last
      ? [...existing, ...fresh]
      : [...existing, ...fresh].sort((a, b) => a.recordedAt - b.recordedAt);
  return merged.length > cap ? merged.slice(merged.length - cap) : merged;
}

/** The trail point a `location` event carries (its ISO time read back to epoch ms). */
export function trailPointFromEvent(e: TLocationEvent): TTrailPoint {
  return {
    lat: e.lat,
    lng: e.lng,
    recordedAt: Date.parse(e.recordedAt),
    speedKmh: e.speedKmh,
    headingDeg: e.headingDeg,
  };
}
