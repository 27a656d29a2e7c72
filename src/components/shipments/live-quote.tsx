"use client";

import { useMemo } from "react";
import { useFormContext, useWatch } from "react-hook-form";

import { quote } from "~/lib/pricing";
import { ZQuoteInputSchema } from "~/lib/schemas/shipment";
import type { TShipmentFormValues } from "./form-values";
import { QuotePanel } from "./quote-panel";

/** The quote panel fed by the form as it is typed: the same pricing function as the server, no request. */
export function LiveQuote({ className }: { className?: string }) {
  const { control } = useFormContext<TShipmentFormValues>();
  const [pickupLat, pickupLng, dropoffLat, dropoffLng, weightKg, vehicleType] = useWatch({
    control,
    name: ["pickup.lat", "pickup.lng", "dropoff.lat", "dropoff.lng", "cargo.weightKg", "cargo.vehicleType"],
  });
  const live = useMemo(() => {
    const q = ZQuoteInputSchema.safeParse({
      pickup: { lat: pickupLat, lng: pickupLng },
      dropoff: { lat: dropoffLat, lng: dropoffLng },
      weightKg,
      vehicleType,
    });
    if (!q.success) return null;
    if (q.data.pickup.lat === q.data.dropoff.lat && q.data.pickup.lng === q.data.dropoff.lng) return null;
    return quote(q.data);
  }, [pickupLat, pickupLng, dropoffLat, dropoffLng, weightKg, vehicleType]);
  return <QuotePanel quote={live} className={className} />;
}
