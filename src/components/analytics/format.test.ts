import { describe, expect, it } from "vitest";

import { formatAxis, formatMiles, formatPerMile, formatValue } from "./format";

describe("analytics distances in the viewer's units", () => {
  it("shows the services' miles as miles or kilometres", () => {
    expect(formatMiles(1_234, "us")).toBe("1,234 mi");
    expect(formatMiles(1_234, "metric")).toBe("1,986 km");
    expect(formatValue("miles", 100, "metric")).toBe("161 km");
    expect(formatValue("usd", 12_345, "metric")).toBe("$123.45");
  });

  it("shows money per mile or per km", () => {
    expect(formatPerMile(241, "us")).toBe("$2.41/mi");
    expect(formatPerMile(241, "metric")).toBe("$1.50/km");
    expect(formatPerMile(null, "metric")).toBe("—");
  });

  it("labels a chart's distance axis in the viewer's unit", () => {
    expect(formatAxis("miles", 1_000, "us")).toBe("1K");
    expect(formatAxis("miles", 1_000, "metric")).toBe("1.6K");
    expect(formatAxis("count", 1_000, "metric")).toBe("1K");
  });
});
