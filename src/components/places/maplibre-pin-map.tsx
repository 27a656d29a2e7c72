"use client";

// The stop pin on MapLibre GL (MAP_STYLE_URL configured): the style's streets round the point and a draggable
// marker, also placed by a click on the map and moved with the arrow keys when focused.
import "maplibre-gl/dist/maplibre-gl.css";

import * as maplibregl from "maplibre-gl";
import { useEffect, useRef } from "react";

import { MARKER_COLOURS } from "~/components/map/base-layer";
import { arrowMove, nudge, roundCoord } from "./pin";
import type { TPinMapProps } from "./pin-map-types";

function pinElement(colour: string): HTMLElement {
  const el = document.createElement("div");
  el.setAttribute("role", "button");
  el.tabIndex = 0;
  el.style.cssText = `width:26px;height:26px;border-radius:50% 50% 50% 0;transform:rotate(-45deg);border:3px solid #fff;background:${colour};box-shadow:0 1px 4px #0006;cursor:grab`;
  return el;
}

export default function MapLibrePinMap({
  styleUrl,
  kind,
  point,
  label,
  describedBy,
  onMove,
}: TPinMapProps & { styleUrl: string }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  // The latest props for the map's own event handlers, which are bound once.
  const latest = useRef({ point, onMove });
  latest.current = { point, onMove };

  useEffect(() => {
    if (!container.current) return;
    const { point: p } = latest.current;
    const m = new maplibregl.Map({
      container: container.current,
      style: styleUrl,
      center: [p.lng, p.lat],
      zoom: 16,
      attributionControl: { compact: true },
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    const el = pinElement(MARKER_COLOURS[kind]);
    el.setAttribute("aria-describedby", describedBy);
    el.addEventListener("keydown", (e) => {
      const move = arrowMove(e.key, e.shiftKey);
      if (!move) return;
      e.preventDefault();
      latest.current.onMove(nudge(latest.current.point, move[0], move[1]));
    });
    const mk = new maplibregl.Marker({ element: el, draggable: true, anchor: "bottom-left" })
      .setLngLat([p.lng, p.lat])
      .addTo(m);
    mk.on("dragend", () => {
      const ll = mk.getLngLat();
      latest.current.onMove({ lat: roundCoord(ll.lat), lng: roundCoord(ll.wrap().lng) });
    });
    m.on("click", (e) =>
      latest.current.onMove({ lat: roundCoord(e.lngLat.lat), lng: roundCoord(e.lngLat.wrap().lng) }),
    );
    map.current = m;
    marker.current = mk;
    return () => {
      m.remove();
      map.current = null;
      marker.current = null;
    };
  }, [styleUrl, kind, describedBy]);

  // The form's point is the truth: follow it, and bring it into view when it left the frame.
  useEffect(() => {
    const m = map.current;
    const mk = marker.current;
    if (!m || !mk) return;
    mk.setLngLat([point.lng, point.lat]);
    const name = `${label} pin at ${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`;
    mk.getElement().setAttribute("aria-label", name);
    mk.getElement().title = name;
    if (!m.getBounds().contains([point.lng, point.lat])) m.jumpTo({ center: [point.lng, point.lat], zoom: 16 });
  }, [point, label]);

  return <div ref={container} className="h-full w-full" data-map-provider="maplibre" />;
}
