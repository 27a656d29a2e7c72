"use client";

// The base map when no provider is configured (these machines, CI): countries (world-atlas 1:110m) and US states
// (us-atlas 1:10m) from TopoJSON packaged in this lazily loaded chunk, projected with d3-geo into an SVG. Nothing is
// fetched from anywhere. Labelled as a simplified map so nobody takes it for a street map.
import { geoGraticule10, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, MultiLineString, Position } from "geojson";
import { useMemo } from "react";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import statesTopo from "us-atlas/states-10m.json";
import countriesTopo from "world-atlas/countries-110m.json";

import { MARKER_COLOURS, type TBaseLayerProps, type TStop } from "./base-layer";
import { fitOfflineProjection } from "./offline-projection";

/** The SVG's drawing size (px); it scales to the frame, which keeps the same 3:2 ratio. */
export const OFFLINE_WIDTH = 600;
export const OFFLINE_HEIGHT = 400;
const PADDING = 36;

type TCountries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
type TStates = Topology<{ states: GeometryCollection; nation: GeometryCollection }>;

const countries = countriesTopo as unknown as TCountries;
const states = statesTopo as unknown as TStates;
// Exported for the admins' live ops map (ops-map-offline.tsx), which draws on the same base.
export const land = feature(countries, countries.objects.land) as FeatureCollection;
export const countryBorders = mesh(countries, countries.objects.countries, (a, b) => a !== b);
export const stateBorders = mesh(states, states.objects.states, (a, b) => a !== b);
export const graticule = geoGraticule10();

const line = (coords: readonly { lat: number; lng: number }[]): Feature<MultiLineString> => ({
  type: "Feature",
  properties: {},
  geometry: { type: "MultiLineString", coordinates: [coords.map((p): Position => [p.lng, p.lat])] },
});

function StopMarker({ stop, kind, xy }: { stop: TStop; kind: "pickup" | "dropoff"; xy: [number, number] | null }) {
  if (!xy) return null;
  const name = `${kind === "pickup" ? "Pick-up" : "Drop-off"}: ${stop.label}`;
  return (
    <g role="img" aria-label={name} transform={`translate(${xy[0]},${xy[1]})`} data-marker={kind}>
      <title>{name}</title>
      <circle r={11} fill={MARKER_COLOURS[kind]} stroke="#fff" strokeWidth={2.5} />
      <text textAnchor="middle" dy="0.35em" fontSize={11} fontWeight={700} fill="#fff" aria-hidden>
        {kind === "pickup" ? "A" : "B"}
      </text>
    </g>
  );
}

/** The offline base with the stops, route, trail and driver drawn on it. */
export default function OfflineBase({ pickup, dropoff, route, trail, driver, driverLabel }: TBaseLayerProps) {
  // Fit and draw once per change of stops, route or trail (LiveMap keeps them stable), not on every animation
  // frame of the driver marker.
  const drawn = useMemo(() => {
    const projection = fitOfflineProjection([pickup, dropoff, ...trail], OFFLINE_WIDTH, OFFLINE_HEIGHT, PADDING);
    if (!projection) return null;
    projection.clipExtent([
      [0, 0],
      [OFFLINE_WIDTH, OFFLINE_HEIGHT],
    ]);
    // Tenths of a pixel are plenty and keep the border paths' strings short.
    const path = geoPath(projection).digits(1);
    return {
      projection,
      land: path(land) ?? "",
      countries: path(countryBorders) ?? "",
      states: path(stateBorders) ?? "",
      graticule: path(graticule) ?? "",
      route: path(line(route)) ?? "",
      trail: trail.length > 1 ? (path(line(trail)) ?? "") : "",
    };
  }, [pickup, dropoff, trail, route]);

  if (!drawn) return null;
  const at = (p: { lat: number; lng: number }) => drawn.projection([p.lng, p.lat]);
  const driverXY = driver ? at(driver) : null;
  const driverFill = driver ? MARKER_COLOURS[driver.look] : MARKER_COLOURS.live;

  return (
    <svg
      viewBox={`0 0 ${OFFLINE_WIDTH} ${OFFLINE_HEIGHT}`}
      className="h-full w-full"
      role="group"
      aria-label="Map of the route (simplified, offline)"
      data-map-provider="offline"
    >
      {/* Not hit-testable: hit tests against thousands of border segments made every elementFromPoint (axe's
          contrast checks, hover) take seconds. */}
      <g pointerEvents="none">
        <rect width={OFFLINE_WIDTH} height={OFFLINE_HEIGHT} fill="#e0f2fe" />
        <path d={drawn.graticule} fill="none" stroke="#bae6fd" strokeWidth={0.5} />
        <path d={drawn.land} fill="#f8fafc" stroke="none" />
        <path d={drawn.states} fill="none" stroke="#cbd5e1" strokeWidth={0.7} />
        <path d={drawn.countries} fill="none" stroke="#94a3b8" strokeWidth={1} />
      </g>
      <path
        d={drawn.route}
        fill="none"
        stroke={MARKER_COLOURS.route}
        strokeWidth={2}
        strokeDasharray="6 5"
        pointerEvents="none"
        data-testid="map-route"
      />
      {drawn.trail ? (
        <path
          d={drawn.trail}
          fill="none"
          stroke={MARKER_COLOURS.trail}
          strokeOpacity={driver?.look === "stale" ? 0.45 : 0.85}
          strokeWidth={3.5}
          strokeLinecap="round"
          strokeLinejoin="round"
          pointerEvents="none"
          data-testid="map-trail"
        />
      ) : null}
      <StopMarker stop={pickup} kind="pickup" xy={at(pickup)} />
      <StopMarker stop={dropoff} kind="dropoff" xy={at(dropoff)} />
      {driver && driverXY ? (
        <g
          role="img"
          aria-label={driverLabel}
          transform={`translate(${driverXY[0]},${driverXY[1]})`}
          data-marker="driver"
          data-look={driver.look}
        >
          <title>{driverLabel}</title>
          {driver.headingDeg !== null ? (
            <path
              d="M0,-19 L6,-9 L-6,-9 Z"
              fill={driverFill}
              transform={`rotate(${driver.headingDeg})`}
              data-testid="driver-heading"
            />
          ) : null}
          <circle r={9} fill={driverFill} stroke="#fff" strokeWidth={3} />
        </g>
      ) : null}
    </svg>
  );
}
