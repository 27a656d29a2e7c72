"use client";

// The base map when a MapLibre style URL is configured (MAP_STYLE_URL): MapLibre GL draws the style's tiles; the
// route and trail are GeoJSON line layers and the stops and driver are HTML markers with accessible names.
import "maplibre-gl/dist/maplibre-gl.css";

import type { FeatureCollection } from "geojson";
import * as maplibregl from "maplibre-gl";
import { useEffect, useRef } from "react";

import { MARKER_COLOURS, type TBaseLayerProps } from "./base-layer";
import { boundsOf } from "./geometry";

type TLine = readonly { lat: number; lng: number }[];

const lines = (coords: TLine): FeatureCollection => ({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: {},
      geometry: { type: "LineString", coordinates: coords.map((p) => [p.lng, p.lat]) },
    },
  ],
});

function markerElement(label: string, colour: string, text = ""): HTMLElement {
  const el = document.createElement("div");
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", label);
  el.title = label;
  el.textContent = text;
  el.style.cssText = `width:22px;height:22px;border-radius:50%;border:2.5px solid #fff;background:${colour};color:#fff;font:700 11px/17px sans-serif;text-align:center;box-shadow:0 1px 3px #0005`;
  return el;
}

/** MapLibre GL on the configured style, fitted to the stops and trail. */
export default function MapLibreBase({
  styleUrl,
  pickup,
  dropoff,
  route,
  trail,
  driver,
  driverLabel,
}: TBaseLayerProps & { styleUrl: string }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const driverMarker = useRef<maplibregl.Marker | null>(null);
  const latest = useRef({ route, trail });
  latest.current = { route, trail };

  useEffect(() => {
    if (!container.current) return;
    const m = new maplibregl.Map({
      container: container.current,
      style: styleUrl,
      attributionControl: { compact: true },
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    m.on("load", () => {
      m.addSource("route", { type: "geojson", data: lines(latest.current.route) });
      m.addSource("trail", { type: "geojson", data: lines(latest.current.trail) });
      m.addLayer({
        id: "route",
        type: "line",
        source: "route",
        paint: { "line-color": MARKER_COLOURS.route, "line-width": 2, "line-dasharray": [3, 2] },
      });
      m.addLayer({
        id: "trail",
        type: "line",
        source: "trail",
        paint: { "line-color": MARKER_COLOURS.trail, "line-width": 4 },
      });
    });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
      driverMarker.current = null;
    };
  }, [styleUrl]);

  // Stops, and the view fitted to stops + trail (a box across ±180° gets east + 360, MapLibre's convention).
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const a = new maplibregl.Marker({ element: markerElement(`Pick-up: ${pickup.label}`, MARKER_COLOURS.pickup, "A") })
      .setLngLat([pickup.lng, pickup.lat])
      .addTo(m);
    const b = new maplibregl.Marker({
      element: markerElement(`Drop-off: ${dropoff.label}`, MARKER_COLOURS.dropoff, "B"),
    })
      .setLngLat([dropoff.lng, dropoff.lat])
      .addTo(m);
    const box = boundsOf([pickup, dropoff, ...trail]);
    if (box) {
      const east = box.east < box.west ? box.east + 360 : box.east;
      m.fitBounds(
        [
          [box.west, box.south],
          [east, box.north],
        ],
        { padding: 40, maxZoom: 12, animate: false },
      );
    }
    return () => {
      a.remove();
      b.remove();
    };
  }, [pickup, dropoff, trail]);

  useEffect(() => {
    const m = map.current;
    if (!m?.isStyleLoaded()) return;
    (m.getSource("route") as maplibregl.GeoJSONSource | undefined)?.setData(lines(route));
    (m.getSource("trail") as maplibregl.GeoJSONSource | undefined)?.setData(lines(trail));
  }, [route, trail]);

  useEffect(() => {
    const m = map.current;
    if (!m || !driver) {
      driverMarker.current?.remove();
      driverMarker.current = null;
      return;
    }
    const colour = MARKER_COLOURS[driver.look];
    if (!driverMarker.current) {
      driverMarker.current = new maplibregl.Marker({ element: markerElement(driverLabel, colour) }).addTo(m);
    }
    const el = driverMarker.current.getElement();
    el.style.background = colour;
    el.setAttribute("aria-label", driverLabel);
    el.title = driverLabel;
    driverMarker.current.setLngLat([driver.lng, driver.lat]).setRotation(driver.headingDeg ?? 0);
  }, [driver, driverLabel]);

  return <div ref={container} className="h-full w-full" data-map-provider="maplibre" />;
}
