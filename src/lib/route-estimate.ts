// The key-less road estimate: great-circle distance times a detour factor, driven at the vehicle's planning speed.
// Shared by the server (route fallback, quote) and the browser (labels), and always flagged `estimate: true`.
import type { VehicleType } from "~/generated/prisma/enums";
import { greatCirclePoints, haversineKm, type TLatLng } from "~/lib/geo";

/**
 * Road distance / great-circle distance for US freight lanes. Ballou, Rahardja & Sakai (2002), "Selected country
 * circuity factors for road and rail networks", Journal of Business Logistics 23(1), measured 1.20 for the United
 * States; short urban trips run higher, long interstate lanes close to it.
 */
export const DETOUR_FACTOR = 1.2;

/**
 * Average door-to-door speeds (km/h) for planning when no traffic data is configured: US truck speed limits on
 * interstates are 55-70 mph (89-113 km/h); these leave room for urban stretches, ramps and fuel stops, and are
 * lower for the heavier, more restricted vehicles. Our planning assumption, to be tuned from delivered loads.
 */
export const PLANNING_SPEED_KMH: Record<VehicleType, number> = {
  VAN: 80,
  BOX_TRUCK: 75,
  FLATBED: 70,
  REEFER: 70,
  SEMI: 70,
};

export type TRoadEstimate = {
  estimate: true;
  /** Metres along the roads we assume (great circle x DETOUR_FACTOR). */
  distanceMeters: number;
  /** Seconds of driving at PLANNING_SPEED_KMH for the vehicle, no breaks. */
  durationSec: number;
  /** The line to draw: the great circle (it crosses ±180° the short way), not a road. */
  path: TLatLng[];
};

/** The estimate for a lane driven by `vehicleType`. */
export function estimateRoad(pickup: TLatLng, dropoff: TLatLng, vehicleType: VehicleType): TRoadEstimate {
  const km = haversineKm(pickup, dropoff) * DETOUR_FACTOR;
  return {
    estimate: true,
    distanceMeters: Math.round(km * 1000),
    durationSec: Math.round((km / PLANNING_SPEED_KMH[vehicleType]) * 3600),
    path: greatCirclePoints(pickup, dropoff, Math.min(64, Math.max(1, Math.ceil(km / 50)))),
  };
}
