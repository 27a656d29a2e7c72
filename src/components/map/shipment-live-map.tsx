"use client";

// The live map fed by the shipment's live trail (useLivePositions: first read, Pusher events, catch-up reads).
import { useMemo } from "react";

import { useLivePositions, type TLivePositionsSource } from "~/components/realtime/use-live-positions";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import type { TLatLng } from "~/lib/geo";
import { activeStatuses } from "~/lib/shipment-state";
import { formatSpeed, type TUnitSystem } from "~/lib/units";
import { useUnits } from "~/components/units/units-context";
import { withoutSpikes } from "~/lib/trail";
import { api } from "~/trpc/react";
import type { TStop } from "./base-layer";
import { LiveMap } from "./live-map";

export type TShipmentLiveMapProps = {
  /** `{ shipmentId }` for the shipment's parties and admins, `{ token }` for the public tracking page. */
  source: TLivePositionsSource;
  pickup: TStop;
  dropoff: TStop;
  status: ShipmentStatus;
  /** The planned road route when known (issue 10); the great circle otherwise. */
  route?: readonly TLatLng[];
  className?: string;
};

/**
 * The live map of one shipment. Reads and subscribes only while a driver could be moving or has moved it (from
 * ASSIGNED on); before that it shows the stops and route only.
 */
export function ShipmentLiveMap({ source, pickup, dropoff, status, route, className }: TShipmentLiveMapProps) {
  const hasTrail = activeStatuses.includes(status) || ["DELIVERED", "COMPLETED", "CANCELLED"].includes(status);
  const live = useLivePositions(source, { enabled: hasTrail });
  // Drawn without single-fix GPS glitches, which would also stretch the map's bounds; the stored trail keeps them.
  const trail = useMemo(() => withoutSpikes(live.trail), [live.trail]);
  // The planned route for the parties' pages (places.route: Google's road line with a key, else the great circle,
  // flagged as an estimate); the public tracking page draws the great circle.
  const shipmentId = "shipmentId" in source ? source.shipmentId : null;
  const units = useUnits();
  const planned = api.places.route.useQuery(
    { shipmentId: shipmentId ?? "" },
    { enabled: shipmentId !== null && !route, staleTime: 10 * 60_000, retry: false },
  );
  const path = route ?? planned.data?.path;
  const map = (cls: string | undefined) => (
    <LiveMap
      pickup={pickup}
      dropoff={dropoff}
      route={path}
      status={status}
      trail={trail}
      last={live.last}
      etaAt={live.etaAt}
      lastSeenAt={live.lastSeenAt}
      isLoading={live.isLoading}
      className={cls}
    />
  );
  if (!planned.data || route) return map(className);
  return (
    <div className={className}>
      {map(undefined)}
      <p className="mt-1 text-xs text-slate-600" data-testid="route-note">
        {planned.data.estimate
          ? `The route line is an estimate (great circle), not the roads. ${inViewerUnits(planned.data.note ?? "", units)}`
          : "The route line is the road route from Google Maps."}
      </p>
    </div>
  );
}

/**
 * The server's estimate note ("… at 75 km/h") with its speed in the viewer's units: the note is written once on the
 * server for every viewer; a US viewer reads mph.
 */
export function inViewerUnits(note: string, units: TUnitSystem): string {
  return note.replace(/at (\d+(?:\.\d+)?) km\/h/, (_, kmh: string) => `at ${formatSpeed(Number(kmh), units)}`);
}
