"use client";

// The admins' live ops map on MapLibre (MAP_STYLE_URL set): one GeoJSON source with MapLibre's built-in clustering
// (cluster circles with their count), unclustered points coloured by kind, the view fitted to the points once.
import "maplibre-gl/dist/maplibre-gl.css";

import type { FeatureCollection } from "geojson";
import * as maplibregl from "maplibre-gl";
import { useEffect, useRef } from "react";

import { boundsOf } from "./geometry";
import { OPS_COLOURS, type TOpsPoint } from "./ops-map-points";

const asGeoJson = (points: readonly TOpsPoint[]): FeatureCollection => ({
  type: "FeatureCollection",
  features: points.map((p) => ({
    type: "Feature",
    properties: { id: p.id, kind: p.kind, label: p.label },
    geometry: { type: "Point", coordinates: [p.lng, p.lat] },
  })),
});

export default function OpsMapMapLibre({ styleUrl, points }: { styleUrl: string; points: readonly TOpsPoint[] }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const latest = useRef(points);
  latest.current = points;
  const fitted = useRef(false);

  useEffect(() => {
    if (!container.current) return;
    const m = new maplibregl.Map({
      container: container.current,
      style: styleUrl,
      attributionControl: { compact: true },
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    m.on("load", () => {
      m.addSource("ops", {
        type: "geojson",
        data: asGeoJson(latest.current),
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 11,
      });
      m.addLayer({
        id: "ops-clusters",
        type: "circle",
        source: "ops",
        filter: ["has", "point_count"],
        paint: {
          "circle-color": "#334155",
          "circle-radius": 16,
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 2,
        },
      });
      m.addLayer({
        id: "ops-cluster-count",
        type: "symbol",
        source: "ops",
        filter: ["has", "point_count"],
        layout: { "text-field": ["get", "point_count_abbreviated"], "text-size": 12 },
        paint: { "text-color": "#fff" },
      });
      m.addLayer({
        id: "ops-points",
        type: "circle",
        source: "ops",
        filter: ["!", ["has", "point_count"]],
        paint: {
          "circle-color": [
            "match",
            ["get", "kind"],
            "late",
            OPS_COLOURS.late,
            "held",
            OPS_COLOURS.held,
            "driver",
            OPS_COLOURS.driver,
            OPS_COLOURS.shipment,
          ],
          "circle-radius": 7,
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 2,
        },
      });
      // A click on a cluster zooms in to where it splits.
      m.on("click", "ops-clusters", (e) => {
        const feature = e.features?.[0];
        const clusterId = feature?.properties?.cluster_id as number | undefined;
        const source = m.getSource("ops") as maplibregl.GeoJSONSource | undefined;
        if (clusterId === undefined || !source || feature?.geometry.type !== "Point") return;
        const [lng, lat] = feature.geometry.coordinates as [number, number];
        void source.getClusterExpansionZoom(clusterId).then((zoom) => m.easeTo({ center: [lng, lat], zoom }));
      });
    });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [styleUrl]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const apply = () => {
      (m.getSource("ops") as maplibregl.GeoJSONSource | undefined)?.setData(asGeoJson(points));
      if (fitted.current || points.length === 0) return;
      const box = boundsOf(points);
      if (!box) return;
      fitted.current = true;
      const east = box.east < box.west ? box.east + 360 : box.east;
      m.fitBounds(
        [
          [box.west, box.south],
          [east, box.north],
        ],
        { padding: 40, maxZoom: 10, animate: false },
      );
    };
    if (m.isStyleLoaded()) apply();
    else m.once("load", apply);
  }, [points]);

  return <div ref={container} className="h-full w-full" data-map-provider="maplibre" />;
}
