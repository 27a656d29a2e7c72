// One pricing function for the live preview and for the stored price: distance x rate x vehicle factor + weight.
import type { VehicleType } from "~/generated/prisma/enums";
import { estimateDurationMin, haversineKm, type TLatLng } from "~/lib/geo";

export const RATE_CENTS_PER_KM = 120;
export const WEIGHT_CENTS_PER_KG = 2;
export const MINIMUM_PRICE_CENTS = 5_000;
/** The Free plan's fee and the default when no plan is named; each plan's is in src/lib/plans.ts. */
export const PLATFORM_FEE_BPS = 1_500; // 15 %

export const vehicleFactor: Record<VehicleType, number> = {
  VAN: 1,
  BOX_TRUCK: 1.25,
  FLATBED: 1.4,
  REEFER: 1.6,
  SEMI: 1.8,
};

export type TQuoteInput = {
  pickup: TLatLng;
  dropoff: TLatLng;
  weightKg: number;
  vehicleType: VehicleType;
  /** The shipper's plan's platform fee in basis points (PLANS in src/lib/plans.ts); default PLATFORM_FEE_BPS. */
  platformFeeBps?: number;
};

export type TQuote = {
  distanceKm: number;
  durationMin: number;
  priceCents: number;
  platformFeeCents: number;
  driverPayoutCents: number;
  currency: "USD";
};

/** A lane's road distance and driving time: Google Routes, or the key-less estimate (src/lib/route-estimate.ts). */
export type TRoad = { distanceMeters: number; durationSec: number };

/**
 * The price of a lane: distance (km, one decimal) x RATE_CENTS_PER_KM x the vehicle factor + weight (kg) x
 * WEIGHT_CENTS_PER_KG, at least MINIMUM_PRICE_CENTS; the platform keeps `platformFeeBps` (the shipper's plan's,
 * default PLATFORM_FEE_BPS), the driver the rest; the shipper's price does not depend on the plan.
 * Cents (USD), km, minutes. With `road` (what the shipment form and the server use) the distance and driving time
 * are the road's; without it, the great-circle distance at AVERAGE_SPEED_KMH (kept for the seed's fixtures).
 */
export function quote(input: TQuoteInput, road?: TRoad): TQuote {
  const distanceKm = road
    ? Math.round(road.distanceMeters / 100) / 10
    : Math.round(haversineKm(input.pickup, input.dropoff) * 10) / 10;
  const linehaul = distanceKm * RATE_CENTS_PER_KM * vehicleFactor[input.vehicleType];
  const priceCents = Math.max(MINIMUM_PRICE_CENTS, Math.round(linehaul + input.weightKg * WEIGHT_CENTS_PER_KG));
  const platformFeeCents = Math.round((priceCents * (input.platformFeeBps ?? PLATFORM_FEE_BPS)) / 10_000);
  return {
    distanceKm,
    durationMin: road ? Math.round(road.durationSec / 60) : estimateDurationMin(distanceKm),
    priceCents,
    platformFeeCents,
    driverPayoutCents: priceCents - platformFeeCents,
    currency: "USD",
  };
}
