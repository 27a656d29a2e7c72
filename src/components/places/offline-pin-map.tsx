"use client";

// The stop pin on the offline base (no map provider configured): land and US state borders from the packaged atlas
// round the point, about 6 km across, and a pin that can be dragged with a pointer, placed by a click, or moved with
// the arrow keys. No streets: the frame says so. Loaded lazily (the atlas is large).
import { geoAzimuthalEqualArea, geoCircle, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import statesTopo from "us-atlas/states-10m.json";
import countriesTopo from "world-atlas/countries-110m.json";

import { MARKER_COLOURS } from "~/components/map/base-layer";
import type { TLatLng } from "~/lib/geo";
import { arrowMove, nudge, roundCoord } from "./pin";
import type { TPinMapProps } from "./pin-map-types";

const W = 600;
const H = 300;
/** Radius round the anchor the frame shows, degrees (~3 km). */
const RADIUS_DEG = 0.03;

type TCountries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
type TStates = Topology<{ states: GeometryCollection; nation: GeometryCollection }>;
const countries = countriesTopo as unknown as TCountries;
const states = statesTopo as unknown as TStates;
const land = feature(countries, countries.objects.land) as FeatureCollection;
const stateBorders = mesh(states, states.objects.states, (a, b) => a !== b);

function projectionAround(anchor: TLatLng): GeoProjection {
  const around: Feature<Geometry> = {
    type: "Feature",
    properties: {},
    geometry: geoCircle().center([anchor.lng, anchor.lat]).radius(RADIUS_DEG)(),
  };
  return geoAzimuthalEqualArea()
    .rotate([-anchor.lng, -anchor.lat])
    .clipAngle(90)
    .fitExtent(
      [
        [0, 0],
        [W, H],
      ],
      around,
    )
    .clipExtent([
      [0, 0],
      [W, H],
    ]);
}

export default function OfflinePinMap({ kind, point, label, describedBy, onMove }: TPinMapProps) {
  const svg = useRef<SVGSVGElement>(null);
  // The frame stays put while the pin moves inside it; it re-centres when the point leaves it (a new search).
  const [anchor, setAnchor] = useState(point);
  const [drag, setDrag] = useState<TLatLng | null>(null);
  const drawn = useMemo(() => {
    const projection = projectionAround(anchor);
    const path = geoPath(projection).digits(1);
    return { projection, land: path(land) ?? "", states: path(stateBorders) ?? "" };
  }, [anchor]);
  const shown = drag ?? point;
  const xy = drawn.projection([shown.lng, shown.lat]);
  const inside = xy && xy[0] >= 0 && xy[0] <= W && xy[1] >= 0 && xy[1] <= H;
  // A point outside the frame (a new search, typed coordinates) re-centres it: state adjusted while rendering,
  // React's pattern for deriving state from props.
  if (!inside && !drag) setAnchor(point);

  function pointAt(e: PointerEvent<SVGElement>): TLatLng | null {
    const ctm = svg.current?.getScreenCTM();
    if (!ctm) return null;
    const local = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const ll = drawn.projection.invert?.([local.x, local.y]);
    return ll ? { lat: roundCoord(ll[1]), lng: roundCoord(ll[0]) } : null;
  }

  function onKeyDown(e: KeyboardEvent<SVGGElement>) {
    const move = arrowMove(e.key, e.shiftKey);
    if (!move) return;
    e.preventDefault();
    onMove(nudge(point, move[0], move[1]));
  }

  const name = `${label} pin at ${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`;
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${W} ${H}`}
      className="h-full w-full touch-none select-none"
      role="group"
      aria-label={`Map round the ${label.toLowerCase()} (simplified, offline: no streets)`}
      data-map-provider="offline"
      onPointerMove={(e) => {
        if (!drag) return;
        const p = pointAt(e);
        if (p) setDrag(p);
      }}
      onPointerUp={() => {
        if (drag) onMove(drag);
        setDrag(null);
      }}
    >
      <g pointerEvents="none">
        <rect width={W} height={H} fill="#e0f2fe" />
        <path d={drawn.land} fill="#f8fafc" />
        <path d={drawn.states} fill="none" stroke="#94a3b8" strokeWidth={1} />
      </g>
      {/* A click on the map puts the pin there. */}
      <rect
        width={W}
        height={H}
        fill="transparent"
        data-testid="pin-map-surface"
        onClick={(e) => {
          const p = pointAt(e as unknown as PointerEvent<SVGElement>);
          if (p) onMove(p);
        }}
      />
      {xy ? (
        <g
          role="button"
          tabIndex={0}
          aria-label={name}
          aria-describedby={describedBy}
          transform={`translate(${xy[0]},${xy[1]})`}
          className="cursor-grab outline-none focus-visible:[&>circle]:stroke-amber-400"
          data-marker="pin"
          onKeyDown={onKeyDown}
          onPointerDown={(e) => {
            e.preventDefault();
            (e.currentTarget as SVGGElement).focus();
            svg.current?.setPointerCapture(e.pointerId);
            setDrag(point);
          }}
        >
          <title>{name}</title>
          <path d="M0,0 L-9,-16 A11,11 0 1 1 9,-16 Z" fill={MARKER_COLOURS[kind]} stroke="#fff" strokeWidth={2.5} />
          <circle cy={-22} r={4} fill="#fff" stroke="transparent" strokeWidth={3} />
        </g>
      ) : null}
    </svg>
  );
}
