// Estimated arrival from live pings: the remaining distance to the drop-off over the driver's recent average speed,
// or over the planning speed when the recent pings say nothing useful. Pure, so the rules are unit tested here and
// the ingest service only gathers the inputs.
import { haversineKm, type TLatLng } from "~/lib/geo";

/** How far back the recent average speed looks, before the newest fix. */
export const RECENT_SPEED_WINDOW_MS = 10 * 60_000;
/** A step between two fixes longer than this is a gap (tunnel, phone asleep, app closed), not driving: ignored. */
export const MAX_STEP_GAP_MS = 2 * 60_000;
/** A step faster than this is a GPS jump, not a truck: ignored (ZPingSchema refuses reported speeds above 400). */
export const MAX_PLAUSIBLE_SPEED_KMH = 160;
/** Fixes less accurate than this (metres) move too much on their own to measure speed with: ignored. */
export const MAX_USABLE_ACCURACY_M = 100;
/** Less driving time than this in the window says too little about the pace: the fallback speed is used. */
export const MIN_SAMPLE_MS = 60_000;
/**
 * Below this recent average (km/h) the truck is standing (loading, a red light, a rest): its pace says nothing about
 * the time left, and dividing by it would put the arrival days away. The fallback speed is used.
 */
export const MIN_MOVING_SPEED_KMH = 5;

export type TSpeedSample = TLatLng & { recordedAt: number; accuracyM?: number | null };

/**
 * Average speed in km/h over the fixes of the last RECENT_SPEED_WINDOW_MS before the newest one: the sum of the
 * great-circle steps between consecutive usable fixes over the sum of their durations. Fixes worse than
 * MAX_USABLE_ACCURACY_M are dropped; steps longer than MAX_STEP_GAP_MS (gaps), with no elapsed time (duplicates) or
 * faster than MAX_PLAUSIBLE_SPEED_KMH (GPS jumps) are left out of both sums. Null when the steps kept cover less
 * than MIN_SAMPLE_MS. `samples` in any order; `recordedAt` epoch ms.
 */
export function recentSpeedKmh(samples: readonly TSpeedSample[]): number | null {
  const usable = samples
    .filter((s) => s.accuracyM == null || s.accuracyM <= MAX_USABLE_ACCURACY_M)
    .sort((a, b) => a.recordedAt - b.recordedAt);
  const newest = usable.at(-1)?.recordedAt;
  if (newest === undefined) return null;
  const recent = usable.filter((s) => s.recordedAt >= newest - RECENT_SPEED_WINDOW_MS);
  let km = 0;
  let ms = 0;
  for (let i = 1; i < recent.length; i++) {
    const a = recent[i - 1]!;
    const b = recent[i]!;
    const dt = b.recordedAt - a.recordedAt;
    if (dt <= 0 || dt > MAX_STEP_GAP_MS) continue;
    const d = haversineKm(a, b);
    if (d / (dt / 3_600_000) > MAX_PLAUSIBLE_SPEED_KMH) continue;
    km += d;
    ms += dt;
  }
  if (ms < MIN_SAMPLE_MS) return null;
  return km / (ms / 3_600_000);
}

/**
 * Distance left to drive, in km: to `via` first when given (the pick-up, while the job is only assigned), then to
 * the drop-off. Great-circle legs today, which under-read a road trip; issue 10 (road routes) replaces this one
 * function with the remaining length of the planned route.
 */
export function remainingDistanceKm(position: TLatLng, dropoff: TLatLng, via?: TLatLng | null): number {
  return via ? haversineKm(position, via) + haversineKm(via, dropoff) : haversineKm(position, dropoff);
}

export type TEtaInput = {
  position: TLatLng;
  dropoff: TLatLng;
  /** A stop before the drop-off: the pick-up while the driver is still on the way to it. */
  via?: TLatLng | null;
  /** The shipment's recent fixes (see recentSpeedKmh); the newest is usually `position`. */
  recent: readonly TSpeedSample[];
  /** km/h used when the recent fixes give no usable pace: the planning average (geo.ts AVERAGE_SPEED_KMH). */
  fallbackSpeedKmh: number;
  /** The instant the estimate starts from: the newest fix's time, epoch ms. */
  fromMs: number;
};

export type TEta = { etaAt: Date; speedKmh: number; source: "recent" | "fallback"; remainingKm: number };

/**
 * Arrival at the drop-off: `fromMs` + remaining distance (remainingDistanceKm) / speed, where speed is
 * recentSpeedKmh(recent) when it is at least MIN_MOVING_SPEED_KMH, else `fallbackSpeedKmh`. At (or past) the
 * drop-off the ETA is `fromMs`. Null only when no positive finite speed is available at all (a fallback of 0 or
 * less), as "unknown" beats a made-up time.
 */
export function estimateArrival(input: TEtaInput): TEta | null {
  const remainingKm = Math.max(0, remainingDistanceKm(input.position, input.dropoff, input.via));
  const recent = recentSpeedKmh(input.recent);
  const useRecent = recent !== null && recent >= MIN_MOVING_SPEED_KMH;
  const speedKmh = useRecent ? recent : input.fallbackSpeedKmh;
  if (!(speedKmh > 0) || !Number.isFinite(speedKmh)) return null;
  const etaAt = new Date(input.fromMs + Math.round((remainingKm / speedKmh) * 3_600_000));
  return { etaAt, speedKmh, source: useRecent ? "recent" : "fallback", remainingKm };
}

/**
 * Whether an active shipment runs late: its ETA (UTC instant) is after the end of the drop-off window. The same rule
 * as the admin exceptions queue's ETA_LATE and the live map's `late` (src/server/services/admin). False without an
 * ETA.
 */
export function isEtaLate(etaAt: Date | null | undefined, dropoffWindowEnd: Date): boolean {
  return !!etaAt && etaAt.getTime() > dropoffWindowEnd.getTime();
}
