"use client";

// The public tracking page's live map, loaded whole after first paint: the page itself ships no tRPC client,
// TanStack Query or map code (its first-load JavaScript budget, issue 9: under 150 kB gzip), so this chunk brings
// its own tRPC provider along with the map.
import type { TShipmentLiveMapProps } from "./shipment-live-map";
import { lazyMap, MAP_LOAD_FAILED } from "./lazy-map";
import { LiveMapSkeleton } from "./map-placeholder";

// A chunk that fails (offline as the page opened) leaves the tracking page standing, with a Retry in the map's place.
const LazyTrackingMap = lazyMap(() => import("./tracking-live-map-body"), {
  loading: () => <LiveMapSkeleton />,
  fallback: (retry) => (
    <div role="alert" className="flex flex-col items-start gap-2 rounded-lg border border-slate-200 p-4 text-sm">
      <p className="text-slate-800">{MAP_LOAD_FAILED}</p>
      {retry}
    </div>
  ),
});

/** `ShipmentLiveMap` for a tracking token, with everything it needs loaded after first paint. */
export function TrackingLiveMap(props: Omit<TShipmentLiveMapProps, "source"> & { token: string }) {
  return <LazyTrackingMap {...props} />;
}
