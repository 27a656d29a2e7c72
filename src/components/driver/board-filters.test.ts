import { describe, expect, it } from "vitest";

import { ZLoadBoardInputSchema } from "~/lib/schemas/load-board";
import {
  boardFiltersToSearch,
  boardInput,
  hasBoardFilters,
  minRateError,
  noBoardFilters,
  parseBoardFilters,
  sortOptionsFor,
  withinError,
} from "./board-filters";

describe("load board filters in the URL", () => {
  it("round-trips every filter and turns miles, dollars and days into metres, cents and instants", () => {
    const qs =
      "near=chicago&within=150&dest=region%3Amidwest&from=2026-12-01&to=2026-12-03&minRate=2.5&vehicle=VAN&sort=rate";
    const f = parseBoardFilters(new URLSearchParams(qs));
    expect(f).toEqual({
      near: "chicago",
      within: "150",
      dest: "region:midwest",
      from: "2026-12-01",
      to: "2026-12-03",
      minRate: "2.5",
      vehicle: "VAN",
      sort: "rate",
    });
    expect(boardFiltersToSearch(f)).toBe(qs);
    expect(hasBoardFilters(f)).toBe(true);

    const input = boardInput(f, { lat: 41.9, lng: -87.6 });
    expect(input).toMatchObject({
      sort: "rate",
      position: { lat: 41.9, lng: -87.6 },
      near: { lat: 41.8781, lng: -87.6298 },
      withinMetres: 241_402, // 150 × 1,609.344 m
      destination: "region:midwest",
      minRateCentsPerMile: 250,
      vehicleType: "VAN",
    });
    expect(input.pickupFrom).toEqual(new Date(2026, 11, 1));
    expect(input.pickupTo).toEqual(new Date(2026, 11, 4));
    expect(ZLoadBoardInputSchema.safeParse(input).success).toBe(true);
  });

  it("drops unknown and malformed values instead of failing the page", () => {
    const f = parseBoardFilters(
      new URLSearchParams(
        "near=atlantis&within=-5&dest=XX&from=2026-02-30&to=tomorrow&minRate=1e3&vehicle=BIKE&sort=cheapest",
      ),
    );
    expect(f).toEqual(noBoardFilters);
    expect(boardFiltersToSearch(f)).toBe("");
    expect(hasBoardFilters(f)).toBe(false);
    expect(parseBoardFilters(new URLSearchParams("within=4000")).within).toBe(""); // over 3,106 miles
  });

  it("leaves the plain board's input plain", () => {
    expect(boardInput(noBoardFilters)).toEqual({ limit: 20, sort: "distance" });
  });

  it("reads the radius in km and the rate in $/km for a metric viewer, and sends metres and cents per mile", () => {
    const f = parseBoardFilters(new URLSearchParams("within=200&minRate=1.50"), "metric");
    expect(f).toMatchObject({ within: "200", minRate: "1.50" });
    expect(boardInput(f, undefined, "metric")).toMatchObject({
      withinMetres: 200_000,
      minRateCentsPerMile: 241, // 150 ¢/km × 1.609344 km/mi
    });
    // 5,000 km is the widest radius in km; 4,000 is fine in km although over the miles limit.
    expect(parseBoardFilters(new URLSearchParams("within=4000"), "metric").within).toBe("4000");
    expect(withinError("5001", "metric")).toBe("Enter whole kilometres from 1 to 5,000.");
    expect(minRateError("abc", "metric")).toBe("Enter dollars per km, like 1.50.");
  });
});

describe("load board sort choices", () => {
  it("name the rate in the viewer's distance unit", () => {
    expect(sortOptionsFor("us").map((o) => o.label)).toEqual([
      "Nearest pick-up",
      "Highest rate per mile",
      "Earliest pick-up",
    ]);
    expect(sortOptionsFor("metric").find((o) => o.value === "rate")?.label).toBe("Highest rate per km");
  });
});
