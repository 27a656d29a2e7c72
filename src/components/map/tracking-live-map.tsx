"use client";

// The public tracking page's live map, loaded whole after first paint: the page itself ships no tRPC client,
// TanStack Query or map code (its first-load JavaScript budget, issue 9: under 150 kB gzip), so this chunk brings
// its own tRPC provider along with the map.
import dynamic from "next/dynamic";

import type { TShipmentLiveMapProps } from "./shipment-live-map";
import { LiveMapSkeleton } from "./map-placeholder";

const LazyTrackingMap = dynamic(() => import("./tracking-live-map-body"), {
  ssr: false,
  loading: () => <LiveMapSkeleton />,
});

/** `ShipmentLiveMap` for a tracking token, with everything it needs loaded after first paint. */
export function TrackingLiveMap(props: Omit<TShipmentLiveMapProps, "source"> & { token: string }) {
  return <LazyTrackingMap {...props} />;
}
