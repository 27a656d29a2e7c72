// The road route of a lane: Google Routes (traffic-aware) when a key is configured, else, and whenever Google
// fails or finds no road, the great-circle estimate (src/lib/route-estimate.ts), always labelled as one.
import { z } from "zod";

import type { VehicleType } from "~/generated/prisma/enums";
import type { TLatLng } from "~/lib/geo";
import { DETOUR_FACTOR, estimateRoad, PLANNING_SPEED_KMH } from "~/lib/route-estimate";
import { googleComputeRoute } from "~/server/integrations/google/routes";
import { isOutsideServiceError } from "~/server/integrations/outside-error";
import { fallbackNotice, logFallback } from "./fallback-notice";
import { cachedOutside, outsideCacheKey } from "./outside-cache";
import type { TOutsideServices } from "./outside-services";

export type TPlannedRoute = {
  source: "google" | "estimate";
  /** True unless Google's road network gave the numbers. */
  estimate: boolean;
  /** Metres by road (or estimated). */
  distanceMeters: number;
  /** Seconds of driving: traffic-aware from Google for the departure hour, else at the vehicle's planning speed. */
  durationSec: number;
  /** The line to draw: Google's road geometry, or the great circle for an estimate. */
  path: TLatLng[];
  /** For an estimate, how it was made ("great circle x 1.2 at 70 km/h"); why it is one, when Google failed. */
  note: string | null;
};

const ZRouteSchema = z.object({
  distanceMeters: z.number(),
  durationSec: z.number(),
  staticDurationSec: z.number(),
  path: z.array(z.object({ lat: z.number(), lng: z.number() })),
});

/** Google's answer for a lane and departure hour is kept 6 hours: traffic for a given hour changes little sooner. */
const ROUTE_TTL_SEC = 6 * 3600;

const point = (p: TLatLng) => `${p.lat.toFixed(5)},${p.lng.toFixed(5)}`;

function estimated(pickup: TLatLng, dropoff: TLatLng, vehicleType: VehicleType, why: string | null): TPlannedRoute {
  const e = estimateRoad(pickup, dropoff, vehicleType);
  const how = `Estimate: great-circle distance x ${DETOUR_FACTOR} at ${PLANNING_SPEED_KMH[vehicleType]} km/h`;
  return {
    source: "estimate",
    estimate: true,
    distanceMeters: e.distanceMeters,
    durationSec: e.durationSec,
    path: e.path,
    note: why ? `${how}. ${why}` : `${how}.`,
  };
}

/**
 * The route from `pickup` to `dropoff` for `vehicleType`, leaving at `departAt` (past or absent: now). With a Google
 * key: Routes API computeRoutes, cached per lane (points to 5 decimals, about 1 m) and departure hour in PostgreSQL
 * for 6 hours. Without one, or when Google fails or finds no road: the estimate, `estimate: true`, with a `note`.
 * Never throws for an outside failure.
 */
export async function planRoute(input: {
  pickup: TLatLng;
  dropoff: TLatLng;
  vehicleType: VehicleType;
  departAt?: Date;
  outside: TOutsideServices;
  now?: Date;
}): Promise<TPlannedRoute> {
  const google = input.outside.google;
  if (!google) return estimated(input.pickup, input.dropoff, input.vehicleType, null);
  const now = input.now ?? new Date();
  const departAt = input.departAt && input.departAt > now ? input.departAt : now;
  const hour = new Date(Math.floor(departAt.getTime() / 3_600_000) * 3_600_000);
  const key = outsideCacheKey(
    "google-routes",
    google.baseUrl,
    `${point(input.pickup)}:${point(input.dropoff)}:${hour.toISOString()}`,
  );
  try {
    const { value } = await cachedOutside(key, ROUTE_TTL_SEC, ZRouteSchema.nullable(), () =>
      googleComputeRoute(google, { origin: input.pickup, destination: input.dropoff, departAt: hour, now }),
    );
    if (!value) {
      return estimated(input.pickup, input.dropoff, input.vehicleType, "Google found no road route between the stops.");
    }
    return {
      source: "google",
      estimate: false,
      distanceMeters: value.distanceMeters,
      durationSec: value.durationSec,
      path: value.path,
      note: null,
    };
  } catch (e) {
    if (!isOutsideServiceError(e)) throw e;
    logFallback(e);
    return estimated(
      input.pickup,
      input.dropoff,
      input.vehicleType,
      fallbackNotice("Routing", "an estimate", e).replace("Routing is using an estimate: ", "Google routing failed: "),
    );
  }
}
