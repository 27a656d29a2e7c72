import { describe, expect, it } from "vitest";

import { conditionsFor, warningsFor, type THourValues } from "./weather";

const calm: THourValues = {
  weatherCode: 1,
  temperatureC: 12,
  precipitationMm: 0,
  rainMm: 0,
  snowfallCm: 0,
  windKmh: 10,
  gustKmh: 20,
};

describe("weather words and warnings", () => {
  it("names WMO codes and says so for one it does not know", () => {
    expect(conditionsFor(0)).toBe("Clear sky");
    expect(conditionsFor(75)).toBe("Heavy snow");
    expect(conditionsFor(1234)).toBe("Unknown conditions");
  });

  it("warns of nothing on a calm hour", () => {
    expect(warningsFor(calm)).toEqual([]);
  });

  it("warns of snow, ice, heavy rain and high wind at their thresholds", () => {
    expect(warningsFor({ ...calm, snowfallCm: 0.4, weatherCode: 71 }).map((w) => w.kind)).toEqual(["snow"]);
    expect(warningsFor({ ...calm, weatherCode: 66, rainMm: 0.3, temperatureC: -1 }).map((w) => w.kind)).toEqual([
      "ice",
    ]);
    expect(warningsFor({ ...calm, rainMm: 0.5, temperatureC: 0 }).map((w) => w.kind)).toEqual(["ice"]);
    expect(warningsFor({ ...calm, precipitationMm: 7.6, rainMm: 7.6 }).map((w) => w.kind)).toEqual(["heavy-rain"]);
    expect(warningsFor({ ...calm, precipitationMm: 7.5, rainMm: 7.5 })).toEqual([]);
    expect(warningsFor({ ...calm, gustKmh: 74 }).map((w) => w.kind)).toEqual(["high-wind"]);
    expect(warningsFor({ ...calm, windKmh: 50 }).map((w) => w.kind)).toEqual(["high-wind"]);
    expect(warningsFor({ ...calm, windKmh: 49, gustKmh: 73 })).toEqual([]);
  });
});
