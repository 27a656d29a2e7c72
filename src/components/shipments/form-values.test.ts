import { describe, expect, it } from "vitest";

import { emptyShipmentFormValues, latestUpdates, type TShipmentFormValues } from "./form-values";

const at = (iso: string) => new Date(iso);

function values(overrides: { weightKg?: number; description?: string; windowStart?: Date } = {}): TShipmentFormValues {
  const v = emptyShipmentFormValues();
  return {
    ...v,
    pickup: { ...v.pickup, windowStart: overrides.windowStart ?? at("2026-03-10T08:00:00Z") },
    cargo: { description: overrides.description ?? "Crates", weightKg: overrides.weightKg ?? 1200 },
  };
}

describe("latestUpdates (after a stale edit)", () => {
  it("takes the latest value only for fields the person had not changed", () => {
    const loaded = values();
    const current = values({ weightKg: 1500 });
    const latest = values({ weightKg: 900, description: "Crates, stacked" });
    expect(latestUpdates(current, loaded, latest)).toEqual([{ path: "cargo.description", value: "Crates, stacked" }]);
  });

  it("compares dates by instant, so an unchanged window is not reported as changed", () => {
    const loaded = values();
    expect(latestUpdates(values(), loaded, values({ windowStart: at("2026-03-10T08:00:00Z") }))).toEqual([]);
  });
});
