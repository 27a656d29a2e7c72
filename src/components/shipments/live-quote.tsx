"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useMemo } from "react";
import { useFormContext, useWatch } from "react-hook-form";

import { quote } from "~/lib/pricing";
import { DETOUR_FACTOR, estimateRoad, PLANNING_SPEED_KMH } from "~/lib/route-estimate";
import { ZQuoteInputSchema } from "~/lib/schemas/shipment";
import { api } from "~/trpc/react";
import type { TShipmentFormValues } from "./form-values";
import { QuotePanel, type TShownQuote } from "./quote-panel";

/**
 * The quote panel fed by the form as it is typed. At once: the pricing function on the key-less road estimate (the
 * same numbers the server stores without a Google key). Then the server's `shipment.quote`, which prices the Google
 * road route when a key is configured (the estimate otherwise): its answer replaces the local one for the same input.
 */
export function LiveQuote({ className }: { className?: string }) {
  const { control } = useFormContext<TShipmentFormValues>();
  const [pickupLat, pickupLng, dropoffLat, dropoffLng, weightKg, vehicleType] = useWatch({
    control,
    name: ["pickup.lat", "pickup.lng", "dropoff.lat", "dropoff.lng", "cargo.weightKg", "cargo.vehicleType"],
  });
  const input = useMemo(() => {
    const q = ZQuoteInputSchema.safeParse({
      pickup: { lat: pickupLat, lng: pickupLng },
      dropoff: { lat: dropoffLat, lng: dropoffLng },
      weightKg,
      vehicleType,
    });
    if (!q.success) return null;
    if (q.data.pickup.lat === q.data.dropoff.lat && q.data.pickup.lng === q.data.dropoff.lng) return null;
    return q.data;
  }, [pickupLat, pickupLng, dropoffLat, dropoffLng, weightKg, vehicleType]);
  const local = useMemo((): TShownQuote | null => {
    if (!input) return null;
    const road = estimateRoad(input.pickup, input.dropoff, input.vehicleType);
    // Worded as the server words it (src/server/places/plan-route.ts), so nothing changes when its answer arrives.
    const routeNote = `Estimate: great-circle distance x ${DETOUR_FACTOR} at ${PLANNING_SPEED_KMH[input.vehicleType]} km/h.`;
    return { ...quote(input, road), estimate: true, routeNote };
  }, [input]);
  const server = api.shipment.quote.useQuery(input!, {
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  // The server's answer only while it is for the input shown (not a previous one kept while the next loads).
  const shown = input && server.data && !server.isPlaceholderData ? server.data : local;
  return <QuotePanel quote={shown} className={className} />;
}
