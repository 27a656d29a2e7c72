import { describe, expect, it } from "vitest";

import { inViewerUnits } from "./shipment-live-map";

describe("the route estimate note in the viewer's units", () => {
  const note = "Estimate: great-circle distance x 1.2 at 75 km/h.";

  it("reads mph for a US viewer and km/h for a metric one", () => {
    expect(inViewerUnits(note, "us")).toBe("Estimate: great-circle distance x 1.2 at 47 mph.");
    expect(inViewerUnits(note, "metric")).toBe(note);
  });

  it("leaves a note without a speed alone", () => {
    expect(inViewerUnits("Google found no road.", "us")).toBe("Google found no road.");
  });
});
