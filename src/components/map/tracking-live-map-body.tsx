"use client";

// The lazily loaded body of TrackingLiveMap: its own tRPC provider (the tracking page's layout has none) and the map.
import { TRPCReactProvider } from "~/trpc/react";
import { ShipmentLiveMap, type TShipmentLiveMapProps } from "./shipment-live-map";

export default function TrackingLiveMapBody({
  token,
  ...props
}: Omit<TShipmentLiveMapProps, "source"> & { token: string }) {
  return (
    <TRPCReactProvider>
      <ShipmentLiveMap source={{ token }} {...props} />
    </TRPCReactProvider>
  );
}
