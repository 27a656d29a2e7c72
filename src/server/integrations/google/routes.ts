// Routes API computeRoutes (https://developers.google.com/maps/documentation/routes/compute_route_directions): the
// road distance, the traffic-aware duration and the route line for one lane.
import polyline from "@mapbox/polyline";
import { z } from "zod";

import type { TLatLng } from "~/lib/geo";
import { callGoogleRpc, unreadable } from "./rpc";
import type { TGoogleConfig } from "./config";

const SERVICE = "Google Routes";

export type TGoogleRoute = {
  distanceMeters: number;
  /** Seconds, with traffic when a departure time was given. */
  durationSec: number;
  /** Seconds without traffic. */
  staticDurationSec: number;
  /** The route line, decoded from Google's encoded polyline (precision 5). */
  path: TLatLng[];
};

const ZDurationSchema = z.string().regex(/^\d+(\.\d+)?s$/);
const ZRoutesSchema = z.object({
  routes: z
    .array(
      z.object({
        distanceMeters: z.number().int().nonnegative().default(0),
        duration: ZDurationSchema,
        staticDuration: ZDurationSchema.optional(),
        polyline: z.object({ encodedPolyline: z.string() }),
      }),
    )
    .optional(),
});

const seconds = (d: string) => Math.round(Number.parseFloat(d));

/**
 * The driving route from `origin` to `destination` leaving at `departAt` (traffic-aware; a departure in the past
 * or absent means "now", since Google refuses past departure times). Null when Google finds no route (`{}`).
 *
 * @throws OutsideServiceError (auth, quota, bad-request, unavailable).
 */
export async function googleComputeRoute(
  config: TGoogleConfig,
  input: { origin: TLatLng; destination: TLatLng; departAt?: Date; now?: Date },
): Promise<TGoogleRoute | null> {
  const waypoint = (p: TLatLng) => ({ location: { latLng: { latitude: p.lat, longitude: p.lng } } });
  const now = input.now ?? new Date();
  const future = input.departAt && input.departAt.getTime() > now.getTime() + 60_000 ? input.departAt : null;
  const raw = await callGoogleRpc(config, {
    api: "routes",
    service: SERVICE,
    method: "POST",
    path: "/directions/v2:computeRoutes",
    fieldMask: "routes.distanceMeters,routes.duration,routes.staticDuration,routes.polyline.encodedPolyline",
    body: {
      origin: waypoint(input.origin),
      destination: waypoint(input.destination),
      travelMode: "DRIVE",
      routingPreference: "TRAFFIC_AWARE",
      ...(future ? { departureTime: future.toISOString() } : {}),
      polylineQuality: "OVERVIEW",
      units: "METRIC",
    },
    timeoutMs: 8000,
  });
  const parsed = ZRoutesSchema.safeParse(raw);
  if (!parsed.success) throw unreadable(SERVICE, parsed.error);
  const route = parsed.data.routes?.[0];
  if (!route) return null;
  return {
    distanceMeters: route.distanceMeters,
    durationSec: seconds(route.duration),
    staticDurationSec: seconds(route.staticDuration ?? route.duration),
    path: polyline.decode(route.polyline.encodedPolyline).map(([lat, lng]) => ({ lat, lng })),
  };
}
