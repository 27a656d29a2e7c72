// The price of a lane from its road route: the one pricing function (src/lib/pricing.ts) fed with planRoute's road
// distance and driving time (Google Routes with a key, else the great-circle estimate, flagged as one).
import type { VehicleType } from "~/generated/prisma/enums";
import type { TLatLng } from "~/lib/geo";
import { quote, type TQuote } from "~/lib/pricing";
import type { TOutsideServices } from "~/server/places/outside-services";
import { planRoute } from "~/server/places/plan-route";

export type TLaneQuote = TQuote & {
  /** True unless Google's road network gave the distance and time. */
  estimate: boolean;
  /** How an estimate was made ("Estimate: great-circle distance x 1.2 at 80 km/h."), null for a Google route. */
  routeNote: string | null;
};

/**
 * Prices `pickup` → `dropoff` (degrees) for `weightKg` in `vehicleType`, by road when `outside.google` is set
 * (cached per lane and departure hour, see planRoute), else by the estimate. Cents (USD), km, minutes. Never throws
 * for an outside failure (the estimate answers).
 */
export async function priceLane(input: {
  pickup: TLatLng;
  dropoff: TLatLng;
  weightKg: number;
  vehicleType: VehicleType;
  /** The shipper's plan's platform fee, basis points (quote()); default the Free plan's. */
  platformFeeBps?: number;
  /** The pick-up window's start: Google's traffic for that hour. */
  departAt?: Date;
  outside: TOutsideServices;
}): Promise<TLaneQuote> {
  const route = await planRoute({
    pickup: input.pickup,
    dropoff: input.dropoff,
    vehicleType: input.vehicleType,
    departAt: input.departAt,
    outside: input.outside,
  });
  return { ...quote(input, route), estimate: route.estimate, routeNote: route.note };
}
