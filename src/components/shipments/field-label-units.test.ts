import { describe, expect, it } from "vitest";

import { fieldLabelIn } from "./form-values";

describe("the error summary's field names in the viewer's units", () => {
  it("names weight in lb and dimensions in inches for US units, kg and cm for metric", () => {
    expect(fieldLabelIn("cargo.weightKg", "us")).toBe("Weight (lb)");
    expect(fieldLabelIn("cargo.lengthCm", "us")).toBe("Length (in)");
    expect(fieldLabelIn("cargo.weightKg", "metric")).toBe("Weight (kg)");
    expect(fieldLabelIn("cargo.heightCm", "metric")).toBe("Height (cm)");
    expect(fieldLabelIn("pickup.windowStart", "us")).toBe("Pick-up window start");
  });
});
