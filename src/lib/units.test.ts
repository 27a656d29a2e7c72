import { describe, expect, it } from "vitest";

import {
  formatDimensions,
  formatDistance,
  formatLength,
  formatPrecipitation,
  formatRate,
  formatSnowfall,
  formatSpeed,
  formatTemperature,
  formatWeight,
  kgToUnit,
  metresToUnit,
  perMileToUnit,
  quantityFromText,
  quantityText,
  quantityUnit,
  unitRateToPerMile,
  unitsForLocale,
  unitToKg,
  unitToMetres,
  validUnits,
} from "./units";

describe("unitsForLocale", () => {
  it("is US customary for US English, Liberia and Myanmar, metric elsewhere", () => {
    expect(unitsForLocale("en-US")).toBe("us");
    expect(unitsForLocale("es-US")).toBe("us");
    expect(unitsForLocale("en-LR")).toBe("us");
    expect(unitsForLocale("my-MM")).toBe("us");
    expect(unitsForLocale("en-GB")).toBe("metric");
    expect(unitsForLocale("en-CA")).toBe("metric");
    expect(unitsForLocale("de-DE")).toBe("metric");
    expect(unitsForLocale("ja")).toBe("metric");
  });

  it("reads a bare language by its likely region, and falls back to US for nothing or nonsense", () => {
    expect(unitsForLocale("en")).toBe("us");
    expect(unitsForLocale("fr")).toBe("metric");
    expect(unitsForLocale("")).toBe("us");
    expect(unitsForLocale(undefined)).toBe("us");
    expect(unitsForLocale("not a locale!")).toBe("us");
  });
});

describe("conversions", () => {
  it("uses the exact international mile and pound", () => {
    expect(metresToUnit(1609.344, "us")).toBe(1);
    expect(metresToUnit(1609.344, "metric")).toBeCloseTo(1.609344, 9);
    expect(unitToMetres(100, "us")).toBeCloseTo(160_934.4, 6);
    expect(unitToMetres(100, "metric")).toBe(100_000);
    expect(kgToUnit(0.45359237, "us")).toBe(1);
    expect(unitToKg(2205, "us")).toBeCloseTo(1000.17, 2);
    expect(unitToKg(1000, "metric")).toBe(1000);
  });

  it("turns a rate per mile into one per km and back", () => {
    expect(perMileToUnit(250, "us")).toBe(250);
    expect(perMileToUnit(250, "metric")).toBeCloseTo(155.34, 2);
    expect(unitRateToPerMile(perMileToUnit(250, "metric"), "metric")).toBeCloseTo(250, 9);
  });

  it("keeps whole kilograms through a round trip in pounds (an untouched weight is saved unchanged)", () => {
    for (let kg = 1; kg <= 40_000; kg += 37) {
      expect(Math.round(unitToKg(Math.round(kgToUnit(kg, "us")), "us"))).toBe(kg);
    }
  });

  it("accepts only the two systems", () => {
    expect(validUnits("us")).toBe("us");
    expect(validUnits("metric")).toBe("metric");
    expect(validUnits("imperial")).toBeNull();
    expect(validUnits(undefined)).toBeNull();
  });
});

describe("formatting", () => {
  it("shows distances in whole miles or km, <1 under one unit", () => {
    expect(formatDistance(381_500, "us")).toBe("237 mi");
    expect(formatDistance(381_500, "metric")).toBe("382 km");
    expect(formatDistance(1_938_000, "metric")).toBe("1,938 km");
    expect(formatDistance(500, "us")).toBe("<1 mi");
    expect(formatDistance(0, "metric")).toBe("0 km");
  });

  it("shows weights in lb or kg and dimensions in feet and inches or cm", () => {
    expect(formatWeight(1000, "us")).toBe("2,205 lb");
    expect(formatWeight(1000, "metric")).toBe("1,000 kg");
    expect(formatDimensions({ lengthCm: 120, widthCm: 80, heightCm: null }, "us")).toBe("3 ft 11 in × 2 ft 7 in × ?");
    expect(formatDimensions({ lengthCm: 240, widthCm: 25, heightCm: 150 }, "us")).toBe(
      "7 ft 10 in × 10 in × 4 ft 11 in",
    );
    expect(formatDimensions({ lengthCm: 120, widthCm: 80, heightCm: 100 }, "metric")).toBe("120 × 80 × 100 cm");
    expect(formatDimensions({ lengthCm: null, widthCm: null, heightCm: null }, "us")).toBeNull();
  });

  it("shows rates per mile or per km", () => {
    expect(formatRate(215, "us")).toBe("$2.15/mi");
    expect(formatRate(215, "metric")).toBe("$1.34/km");
  });

  it("shows weather in °F, mph and inches or °C, km/h and mm", () => {
    expect(formatTemperature(-8, "us")).toBe("18 °F");
    expect(formatTemperature(-8, "metric")).toBe("-8 °C");
    expect(formatTemperature(-0.2, "metric")).toBe("0 °C");
    expect(formatSpeed(40, "us")).toBe("25 mph");
    expect(formatSpeed(40, "metric")).toBe("40 km/h");
    expect(formatPrecipitation(7.6, "us")).toBe("0.3 in/h");
    expect(formatPrecipitation(1.5, "metric")).toBe("1.5 mm/h");
    expect(formatSnowfall(2.5, "us")).toBe("1 in/h");
    expect(formatSnowfall(2.1, "metric")).toBe("2.1 cm/h");
  });
});

describe("typed quantities", () => {
  it("shows a stored weight or length in whole viewer units, and blank for none", () => {
    expect(quantityText("weight", 1000, "us")).toBe("2205");
    expect(quantityText("weight", 1000, "metric")).toBe("1000");
    expect(quantityText("length", 240, "us")).toBe("94");
    expect(quantityText("length", 240, "metric")).toBe("240");
    expect(quantityText("length", null, "us")).toBe("");
    expect(quantityUnit("weight", "us")).toBe("lb");
    expect(quantityUnit("length", "us")).toBe("in");
    expect(quantityUnit("length", "metric")).toBe("cm");
  });

  it("stores what is typed in the viewer's unit as whole kg or cm; blank as nothing, junk as NaN", () => {
    expect(quantityFromText("weight", "2205", "us")).toBe(1000);
    expect(quantityFromText("weight", "13228", "us")).toBe(6000);
    expect(quantityFromText("length", "48", "us")).toBe(122);
    expect(quantityFromText("length", "120", "metric")).toBe(120);
    expect(quantityFromText("length", " ", "us")).toBeUndefined();
    expect(quantityFromText("weight", "12kg", "us")).toBeNaN();
  });

  it("round-trips: stored kg shown in lb saves back as the same kg; typed inches show again as typed", () => {
    // A pound is finer than a kilogram, so kg -> lb -> kg is exact; an inch is coarser than a centimetre, so the
    // field keeps the stored cm until the person edits it (QuantityField) and what they typed shows back unchanged.
    for (const kg of [50, 999, 1_500, 6_000, 40_000]) {
      expect(quantityFromText("weight", quantityText("weight", kg, "us"), "us")).toBe(kg);
    }
    for (const inches of [1, 48, 94, 535]) {
      const cm = quantityFromText("length", String(inches), "us");
      expect(quantityText("length", cm, "us")).toBe(String(inches));
    }
  });

  it("shows lengths in feet and inches or metres and centimetres", () => {
    expect(formatLength(240, "us")).toBe("7 ft 10 in");
    expect(formatLength(25, "us")).toBe("10 in");
    expect(formatLength(304.8, "us")).toBe("10 ft");
    expect(formatLength(85, "metric")).toBe("85 cm");
    expect(formatLength(240, "metric")).toBe("2.4 m");
  });
});
