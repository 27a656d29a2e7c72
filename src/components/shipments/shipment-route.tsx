import { RouteMap } from "~/components/shipments/route-map";
import { RouteSummary } from "~/components/shipments/route-summary";
import type { RouterOutputs } from "~/trpc/react";

type TShipment = RouterOutputs["shipment"]["get"];

/** Stops (with addresses and contacts when the viewer may see them), distance, duration and the route diagram. */
export function ShipmentRoute({ shipment: s }: { shipment: TShipment }) {
  const d = s.details;
  return (
    <div className="space-y-5">
      <RouteSummary
        pickup={{
          ...s.pickup,
          address: d?.pickupAddress,
          contactName: d?.pickupContactName,
          contactPhone: d?.pickupContactPhone,
        }}
        dropoff={{
          ...s.dropoff,
          address: d?.dropoffAddress,
          contactName: d?.dropoffContactName,
          contactPhone: d?.dropoffContactPhone,
        }}
        distanceKm={s.distanceKm}
        durationMin={s.durationMin}
      />
      <RouteMap
        pickup={{ label: s.pickup.city, lat: s.pickup.lat, lng: s.pickup.lng }}
        dropoff={{ label: s.dropoff.city, lat: s.dropoff.lat, lng: s.dropoff.lng }}
        // No `position`: the driver's position is on the live map beside it (ShipmentLiveMap), which moves; a second,
        // static copy here (or "No position reported yet") would contradict it between reloads.
      />
    </div>
  );
}
