"use client";

// The admins' live ops map on the offline base (no map provider configured): the same packaged borders as the
// shipment map, every point projected with d3-geo, and points closer than a cell clustered with their count.
import { geoPath } from "d3-geo";
import { useMemo } from "react";

import { countryBorders, graticule, land, OFFLINE_HEIGHT, OFFLINE_WIDTH, stateBorders } from "./offline-base";
import { fitOfflineProjection } from "./offline-projection";
import { clusterByGrid, OPS_COLOURS, opsPointHref, type TOpsPoint } from "./ops-map-points";

const PADDING = 24;
const CELL_PX = 26;
/**
 * Radius of each marker's invisible tap area, in viewBox units: the map is OFFLINE_WIDTH units wide and about
 * 358 CSS px on a 390 px phone, so 22 units is a target of about 26 × 26 CSS px there (WCAG 2.5.8).
 */
export const HIT_RADIUS = 22;

export default function OpsMapOffline({ points }: { points: readonly TOpsPoint[] }) {
  const drawn = useMemo(() => {
    const projection = fitOfflineProjection(
      points.length > 0 ? points : [{ lat: 39.5, lng: -98.35 }],
      OFFLINE_WIDTH,
      OFFLINE_HEIGHT,
      PADDING,
    );
    if (!projection) return null;
    projection.clipExtent([
      [0, 0],
      [OFFLINE_WIDTH, OFFLINE_HEIGHT],
    ]);
    const path = geoPath(projection).digits(1);
    const clusters = clusterByGrid(points, (p) => projection([p.lng, p.lat]), CELL_PX);
    return {
      land: path(land) ?? "",
      countries: path(countryBorders) ?? "",
      states: path(stateBorders) ?? "",
      graticule: path(graticule) ?? "",
      clusters,
    };
  }, [points]);
  if (!drawn) return null;

  return (
    <svg
      viewBox={`0 0 ${OFFLINE_WIDTH} ${OFFLINE_HEIGHT}`}
      className="h-full w-full"
      role="group"
      aria-label="Map of active shipments and online drivers (simplified, offline)"
      data-map-provider="offline"
    >
      <g pointerEvents="none">
        <rect width={OFFLINE_WIDTH} height={OFFLINE_HEIGHT} fill="#e0f2fe" />
        <path d={drawn.graticule} fill="none" stroke="#bae6fd" strokeWidth={0.5} />
        <path d={drawn.land} fill="#f8fafc" stroke="none" />
        <path d={drawn.states} fill="none" stroke="#cbd5e1" strokeWidth={0.7} />
        <path d={drawn.countries} fill="none" stroke="#94a3b8" strokeWidth={1} />
      </g>
      {drawn.clusters.map((c) => {
        if (c.points.length === 1) {
          const p = c.points[0]!;
          // A link to the shipment's (or driver's) page, with a tap area larger than the dot.
          return (
            <a
              key={`${p.kind}:${p.id}`}
              href={opsPointHref(p)}
              aria-label={p.label}
              data-marker={p.kind}
              data-id={p.id}
            >
              <g transform={`translate(${c.x},${c.y})`}>
                <title>{p.label}</title>
                <circle r={HIT_RADIUS} fill="transparent" data-hit-area />
                {p.kind === "driver" ? (
                  <rect x={-6} y={-6} width={12} height={12} fill={OPS_COLOURS.driver} stroke="#fff" strokeWidth={2} />
                ) : (
                  <circle r={7} fill={OPS_COLOURS[p.kind]} stroke="#fff" strokeWidth={2.5} />
                )}
              </g>
            </a>
          );
        }
        const late = c.points.some((p) => p.kind === "late");
        const label = `${c.points.length} close together: ${c.points.map((p) => p.label).join("; ")}`;
        return (
          <g
            key={c.points.map((p) => p.id).join(",")}
            role="img"
            aria-label={label}
            transform={`translate(${c.x},${c.y})`}
            data-marker="cluster"
          >
            <title>{label}</title>
            <circle r={13} fill={late ? OPS_COLOURS.late : "#334155"} stroke="#fff" strokeWidth={2.5} />
            <text textAnchor="middle" dy="0.35em" fontSize={11} fontWeight={700} fill="#fff" aria-hidden>
              {c.points.length}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
