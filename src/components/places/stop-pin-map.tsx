"use client";

// The chosen stop on a map, with a pin the shipper moves to the exact dock: MapLibre's streets when a style is
// configured, else the offline base (no streets, said so). Google's base map falls back to the offline one here (a
// draggable Google marker is not built yet). The map code is its own chunk, loaded after first paint.
import dynamic from "next/dynamic";
import { useId } from "react";

import { useMapConfig } from "~/components/map/map-config-provider";
import { MapPlaceholder } from "~/components/map/map-placeholder";
import { cx } from "~/components/ui/cx";
import type { TPinMapProps } from "./pin-map-types";

const OfflinePinMap = dynamic(() => import("./offline-pin-map"), { ssr: false, loading: () => <MapPlaceholder /> });
const MapLibrePinMap = dynamic(() => import("./maplibre-pin-map"), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

/** The stop's point on a map with a movable pin; `onMove` gets the new point (degrees, 6 decimals). */
export function StopPinMap({ className, ...props }: Omit<TPinMapProps, "describedBy"> & { className?: string }) {
  const config = useMapConfig();
  const helpId = useId();
  const pin = { ...props, describedBy: helpId };
  return (
    <div className={cx("space-y-1.5", className)}>
      <div className="aspect-[2/1] w-full overflow-hidden rounded-lg border border-slate-200">
        {config.provider === "maplibre" ? (
          <MapLibrePinMap {...pin} styleUrl={config.styleUrl} />
        ) : (
          <OfflinePinMap {...pin} />
        )}
      </div>
      <p id={helpId} className="text-sm text-slate-600">
        Drag the pin (or click the map) to the exact dock or gate; with the pin focused, arrow keys move it 10 m,
        Shift+arrow 100 m.
        {config.provider !== "maplibre" ? " Simplified map without streets." : null}
      </p>
    </div>
  );
}
