// The offline map's projection: azimuthal equal-area centred on the stops and trail (their spherical mean, so a
// trail across the ±180° meridian is centred there and not on Greenwich), zoomed to fit them with a margin and no
// closer than a city-sized box. Pure d3-geo, no DOM: unit-tested.
import { geoAzimuthalEqualArea, geoCircle, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";

import type { TLatLng } from "~/lib/geo";
import { sphericalCentre } from "./geometry";

/** The smallest area the offline map zooms in to: a circle of this radius (degrees, ~28 km) round the centre. */
export const MIN_RADIUS_DEG = 0.25;

/**
 * A projection for a `width`×`height` (px) SVG that fits `points` inside it with `padding` px on each side.
 * Returns null for no points. The projection is clipped to the hemisphere facing the centre (clipAngle 90°), so
 * the far side of the globe is never drawn on top of the near side.
 */
export function fitOfflineProjection(
  points: readonly TLatLng[],
  width: number,
  height: number,
  padding: number,
): GeoProjection | null {
  const centre = sphericalCentre(points);
  if (!centre) return null;
  const near: Feature<Geometry> = {
    type: "Feature",
    properties: {},
    geometry: geoCircle().center([centre.lng, centre.lat]).radius(MIN_RADIUS_DEG)(),
  };
  const stops: Feature<Geometry> = {
    type: "Feature",
    properties: {},
    geometry: { type: "MultiPoint", coordinates: points.map((p) => [p.lng, p.lat]) },
  };
  const fit: FeatureCollection = { type: "FeatureCollection", features: [near, stops] };
  return geoAzimuthalEqualArea()
    .rotate([-centre.lng, -centre.lat])
    .clipAngle(90)
    .fitExtent(
      [
        [padding, padding],
        [width - padding, height - padding],
      ],
      fit,
    );
}
