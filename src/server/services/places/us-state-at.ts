// Which US state a point is in, offline: the Census Bureau's state boundaries at 1:10,000,000 as packaged by
// `us-atlas` (states-10m.json, unprojected longitude/latitude), tested with d3-geo's spherical point-in-polygon.
// Used to derive a stop's region until address search stores the geocoder's (issue 10 §1).
import { geoBounds, geoContains } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import statesTopo from "us-atlas/states-10m.json" with { type: "json" };

import type { TLatLng } from "~/lib/geo";
import { usStateCodes, usStates, type TUsState } from "~/lib/us-states";

type TShape = { code: TUsState; feature: Feature<Geometry>; bounds: [[number, number], [number, number]] };

let shapes: TShape[] | undefined;

function load(): TShape[] {
  const topology = statesTopo as unknown as Topology<{ states: GeometryCollection<{ name: string }> }>;
  const byName = new Map(usStateCodes.map((code) => [usStates[code].name as string, code]));
  const collection = feature(topology, topology.objects.states);
  return collection.features.flatMap((f) => {
    // Territories (Puerto Rico, Guam, …) are in the atlas but not in the table: no state, no region.
    const code = byName.get(f.properties.name);
    return code ? [{ code, feature: f as Feature<Geometry>, bounds: geoBounds(f) }] : [];
  });
}

/** True when `lng` lies in the bounds' longitude span; a span crossing 180° (Alaska's Aleutians) has west > east. */
function inLngSpan(lng: number, [[west], [east]]: TShape["bounds"]): boolean {
  return west <= east ? lng >= west && lng <= east : lng >= west || lng <= east;
}

/**
 * The USPS code of the state containing `point` (degrees), or null outside the 50 states and DC (territories,
 * other countries, the sea beyond the boundary file's coastline at 1:10M, i.e. within a few hundred metres).
 */
export function usStateAt(point: TLatLng): TUsState | null {
  shapes ??= load();
  for (const s of shapes) {
    const [[, south], [, north]] = s.bounds;
    if (point.lat < south || point.lat > north || !inLngSpan(point.lng, s.bounds)) continue;
    if (geoContains(s.feature, [point.lng, point.lat])) return s.code;
  }
  return null;
}
