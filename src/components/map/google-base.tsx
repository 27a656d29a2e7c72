"use client";

// The base map when a Google Maps browser key is configured (GOOGLE_MAPS_BROWSER_KEY): the Maps JavaScript API
// through @vis.gl/react-google-maps (Google's official loader), advanced markers with accessible titles, and
// polylines for the route and trail.
import { AdvancedMarker, APIProvider, Map, useMap } from "@vis.gl/react-google-maps";
import { useEffect } from "react";

import { MARKER_COLOURS, type TBaseLayerProps } from "./base-layer";
import { boundsOf } from "./geometry";

// Advanced markers need a map ID; Google documents DEMO_MAP_ID for maps without cloud styling.
const DEMO_MAP_ID = "DEMO_MAP_ID";

function Polyline({
  path,
  colour,
  dashed,
}: {
  path: readonly { lat: number; lng: number }[];
  colour: string;
  dashed?: boolean;
}) {
  const map = useMap();
  useEffect(() => {
    if (!map) return;
    const line = new google.maps.Polyline({
      map,
      path: [...path],
      geodesic: true,
      strokeColor: colour,
      strokeOpacity: dashed ? 0 : 0.9,
      strokeWeight: dashed ? 2 : 4,
      icons: dashed
        ? [{ icon: { path: "M 0,-1 0,1", strokeOpacity: 1, scale: 2 }, offset: "0", repeat: "12px" }]
        : undefined,
    });
    return () => line.setMap(null);
  }, [map, path, colour, dashed]);
  return null;
}

function Dot({ colour, text = "" }: { colour: string; text?: string }) {
  return (
    <div
      aria-hidden
      style={{ background: colour }}
      className="h-[22px] w-[22px] rounded-full border-[2.5px] border-white text-center text-[11px] leading-[17px] font-bold text-white shadow"
    >
      {text}
    </div>
  );
}

/** Google Maps fitted to the stops and trail. */
export default function GoogleBase({
  apiKey,
  mapId,
  pickup,
  dropoff,
  route,
  trail,
  driver,
  driverLabel,
}: TBaseLayerProps & { apiKey: string; mapId: string | null }) {
  const box = boundsOf([pickup, dropoff, ...trail]);
  return (
    <div className="h-full w-full" data-map-provider="google">
      <APIProvider apiKey={apiKey}>
        <Map
          mapId={mapId ?? DEMO_MAP_ID}
          defaultBounds={box ? { ...box, padding: 40 } : undefined}
          gestureHandling="cooperative"
          disableDefaultUI
          zoomControl
        >
          <Polyline path={route} colour={MARKER_COLOURS.route} dashed />
          <Polyline path={trail} colour={MARKER_COLOURS.trail} />
          <AdvancedMarker position={pickup} title={`Pick-up: ${pickup.label}`}>
            <Dot colour={MARKER_COLOURS.pickup} text="A" />
          </AdvancedMarker>
          <AdvancedMarker position={dropoff} title={`Drop-off: ${dropoff.label}`}>
            <Dot colour={MARKER_COLOURS.dropoff} text="B" />
          </AdvancedMarker>
          {driver ? (
            <AdvancedMarker position={driver} title={driverLabel}>
              <Dot colour={MARKER_COLOURS[driver.look]} />
            </AdvancedMarker>
          ) : null}
        </Map>
      </APIProvider>
    </div>
  );
}
