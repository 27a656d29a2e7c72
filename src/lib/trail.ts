// A shipment's trail on the client: points arrive from the first read, from live `location` events and from the
// catch-up reads after a reconnect, in any order and with overlaps. One pure merge keeps them sorted and unique.
import { haversineKm } from "~/lib/geo";
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

/** What every trail read returns (tracking.positions / positionsByToken) and what the client keeps in its cache. */
export type TTrailPage = {
  points: TTrailPoint[];
  hasMore: boolean;
  etaAt: Date | null;
  lastPositionAt: Date | null;
};

/**
 * `page` with `incoming` points merged (mergeTrail), `etaAt` taken as the newer word on the ETA, and
 * `lastPositionAt` moved forward to the later of `lastPositionAt` (when given) and the newest point. Returns `page`
 * itself when nothing changed.
 */
export function mergePage<T extends TTrailPage>(
  page: T,
  incoming: readonly TTrailPoint[],
  etaAt: Date | null,
  lastPositionAt: Date | null,
  cap: number = TRAIL_CAP,
): T {
  const points = mergeTrail(page.points, incoming, cap);
  const newest = points.at(-1)?.recordedAt ?? null;
  let seen = page.lastPositionAt;
  if (lastPositionAt && (!seen || lastPositionAt > seen)) seen = lastPositionAt;
  if (newest !== null && (!seen || newest > seen.getTime())) seen = new Date(newest);
  const sameEta = (etaAt?.getTime() ?? null) === (page.etaAt?.getTime() ?? null);
  if (points === page.points && sameEta && seen === page.lastPositionAt) return page;
  return { ...page, points, etaAt, lastPositionAt: seen };
}

/** The client's cache of one trail, as catchUpTrail uses it. */
export type TTrailCache = {
  /** The held page; undefined before the first read. */
  get(): TTrailPage | undefined;
  /** Replaces the held page with `fn(held)` (nothing when none is held). */
  update(fn: (page: TTrailPage) => TTrailPage): void;
  /** Resolves once the first read has landed. */
  ensure(): Promise<unknown>;
  /** The first points after `since` (epoch ms, exclusive) in ascending order, and whether more follow. */
  since(since: number): Promise<TTrailPage>;
};

/**
 * Reads everything after `from` (epoch ms, exclusive; default: the newest held point, or the start when none is
 * held), page by page while the server says `hasMore`, merging each page (mergePage) with the server's current ETA
 * and last fix. Returns the newest `recordedAt` read, or the cursor it started from when nothing was new: up to
 * there the held trail is complete, so the next catch-up can start there and fill in fixes that live events skipped.
 */
export async function catchUpTrail(cache: TTrailCache, from?: number | null): Promise<number> {
  await cache.ensure();
  let since = from ?? cache.get()?.points.at(-1)?.recordedAt ?? 0;
  for (;;) {
    const page = await cache.since(since);
    cache.update((held) => mergePage(held, page.points, page.etaAt, page.lastPositionAt));
    since = page.points.at(-1)?.recordedAt ?? since;
    if (!page.hasMore || page.points.length === 0) return since;
  }
}

/** Faster than any truck on any road (km/h): a fix that needs it both to get there and to get back is a glitch. */
export const SPIKE_SPEED_KMH = 300;

/** Implied ground speed between two fixes in km/h; Infinity for a move at one instant. */
function impliedKmh(a: TTrailPoint, b: TTrailPoint): number {
  const hours = Math.abs(b.recordedAt - a.recordedAt) / 3_600_000;
  const km = haversineKm(a, b);
  return hours === 0 ? (km === 0 ? 0 : Infinity) : km / hours;
}

/**
 * `points` (ascending `recordedAt`) without single-fix GPS glitches, for drawing: a fix is left out when reaching
 * it from the fix before and leaving it for the fix after both need more than SPIKE_SPEED_KMH while going straight
 * from the one before to the one after does not (a reflection in a city canyon, a cell-tower fix). Nothing is
 * deleted: the stored trail keeps every fix; a run of consistent fast fixes (a test route, a bad clock) is kept,
 * and so is the newest fix, which has no fix after it to judge by. Returns `points` itself when nothing is left out.
 */
export function withoutSpikes(points: readonly TTrailPoint[]): readonly TTrailPoint[] {
  if (points.length < 3) return points;
  const kept: TTrailPoint[] = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const prev = kept.at(-1)!;
    const p = points[i]!;
    const next = points[i + 1]!;
    const spike =
      impliedKmh(prev, p) > SPIKE_SPEED_KMH &&
      impliedKmh(p, next) > SPIKE_SPEED_KMH &&
      impliedKmh(prev, next) <= SPIKE_SPEED_KMH;
    if (!spike) kept.push(p);
  }
  kept.push(points.at(-1)!);
  return kept.length === points.length ? points : kept;
}
