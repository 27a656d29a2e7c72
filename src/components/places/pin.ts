// Pure helpers of the stop pin (the draggable point on the shipment form's map): moving it by metres with the arrow
// keys, and rounding what is stored. No DOM: unit-tested.
import { EARTH_RADIUS_M, wrapLng, type TLatLng } from "~/lib/geo";

/** Arrow keys move the pin this far (metres); with Shift, ten times as far. */
export const PIN_STEP_M = 10;

/** Degrees to 6 decimals (about 0.1 m at the equator): a dock door, without float noise in the stored value. */
export function roundCoord(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * `p` moved `eastM` metres east and `northM` metres north (local flat approximation, fine for the few hundred metres a
 * pin moves), latitude clamped to ±90, longitude wrapped across ±180, both rounded by `roundCoord`.
 */
export function nudge(p: TLatLng, eastM: number, northM: number): TLatLng {
  const degPerM = 180 / (Math.PI * EARTH_RADIUS_M);
  const lat = Math.max(-90, Math.min(90, p.lat + northM * degPerM));
  const cos = Math.max(Math.cos((p.lat * Math.PI) / 180), 1e-6);
  return { lat: roundCoord(lat), lng: roundCoord(wrapLng(p.lng + (eastM * degPerM) / cos)) };
}

/** The move an arrow key asks for (metres east, north), or null for any other key. */
export function arrowMove(key: string, shift: boolean): [number, number] | null {
  const d = shift ? PIN_STEP_M * 10 : PIN_STEP_M;
  switch (key) {
    case "ArrowUp":
      return [0, d];
    case "ArrowDown":
      return [0, -d];
    case "ArrowRight":
      return [d, 0];
    case "ArrowLeft":
      return [-d, 0];
    default:
      return null;
  }
}
