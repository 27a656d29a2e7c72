// What a driver may learn about where an open load is before accepting it: roughly where (to plan a route and
// judge the deadhead), never the exact dock or door, which comes with the address once the load is theirs. The
// load board measures deadheads to the same 0.01° cell in SQL (load-board.ts).
import type { TLatLng } from "~/lib/geo";

/**
 * Decimal places kept for a stop seen by drivers who are not assigned to it. Two places snap a point to a grid
 * of 0.01°: 1.11 km north–south everywhere and 1.11 km × cos(latitude) east–west (about 0.8 km at 45°), so the
 * point is off by up to ~0.8 km and the exact spot is somewhere in a cell of about 1 km².
 */
export const COARSE_DECIMALS = 2;

/** Snaps one coordinate to the 0.01° grid (see COARSE_DECIMALS). */
export function coarse(value: number): number {
  const f = 10 ** COARSE_DECIMALS;
  return Math.round(value * f) / f;
}

/** A stop as unassigned drivers see it: both coordinates snapped to the 0.01° grid. */
export function coarsePoint(p: TLatLng): TLatLng {
  return { lat: coarse(p.lat), lng: coarse(p.lng) };
}
