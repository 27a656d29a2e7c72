// What every base layer (offline SVG, MapLibre, Google) draws: the same stops, route, trail and driver marker.
import type { TLatLng } from "~/lib/geo";
import type { TFix } from "./geometry";

export type TStop = TLatLng & { label: string };

/** The driver marker as drawn: its (animated) position, heading in degrees from north, and how to show it. */
export type TDriverMarker = TLatLng & { headingDeg: number | null; look: "live" | "stale" | "final" };

export type TBaseLayerProps = {
  pickup: TStop;
  dropoff: TStop;
  /** The planned route, pickup to drop-off (great-circle points until road routes arrive, issue 10). */
  route: readonly TLatLng[];
  /** Fixes in time order. */
  trail: readonly TFix[];
  driver: TDriverMarker | null;
  /** Accessible name of the driver marker ("Driver, last seen 6 min ago"). */
  driverLabel: string;
};

/** Marker colours shared by the three base layers. */
export const MARKER_COLOURS = {
  pickup: "#15803d",
  dropoff: "#b91c1c",
  route: "#64748b",
  trail: "#1d4ed8",
  live: "#1d4ed8",
  stale: "#94a3b8",
  final: "#334155",
} as const;
