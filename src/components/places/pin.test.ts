import { describe, expect, it } from "vitest";

import { distanceMetres } from "~/lib/geo";
import { arrowMove, nudge, PIN_STEP_M, roundCoord } from "./pin";

describe("the stop pin", () => {
  const dock = { lat: 41.878114, lng: -87.629798 };

  it("moves by the metres asked, north and east", () => {
    const north = nudge(dock, 0, 100);
    expect(north.lng).toBe(dock.lng);
    expect(north.lat).toBeGreaterThan(dock.lat);
    expect(distanceMetres(dock, north)).toBe(100);
    const east = nudge(dock, 10, 0);
    expect(east.lat).toBe(dock.lat);
    expect(distanceMetres(dock, east)).toBe(10);
  });

  it("wraps across ±180° and stops at the poles", () => {
    const east = nudge({ lat: -16.5, lng: 179.9999 }, 100, 0);
    expect(east.lng).toBeLessThan(-179.99);
    expect(distanceMetres({ lat: -16.5, lng: 179.9999 }, east)).toBe(100);
    expect(nudge({ lat: 89.99999, lng: 0 }, 0, 1000).lat).toBe(90);
  });

  it("maps arrow keys to moves, Shift ten times as far, other keys to nothing", () => {
    expect(arrowMove("ArrowUp", false)).toEqual([0, PIN_STEP_M]);
    expect(arrowMove("ArrowLeft", true)).toEqual([-PIN_STEP_M * 10, 0]);
    expect(arrowMove("Enter", false)).toBeNull();
  });

  it("rounds to 6 decimals", () => {
    expect(roundCoord(41.87811412345)).toBe(41.878114);
  });
});
