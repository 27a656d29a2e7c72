import { describe, expect, it } from "vitest";

import { ZShipmentInputSchema } from "~/lib/schemas/shipment";
import { emptyShipmentFormValues, latestUpdates, type TShipmentFormValues, valuesFromInitial } from "./form-values";

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

describe("form values against ZShipmentInputSchema", () => {
  const t = Date.now() + 24 * 3600_000;
  const stop = (city: string, lat: number, lng: number, from: number) => ({
    address: `1 Main St, ${city}`,
    city,
    lat,
    lng,
    windowStart: new Date(from),
    windowEnd: new Date(from + 4 * 3600_000),
    contactName: null,
    contactPhone: null,
  });
  const initial = {
    pickup: stop("Chicago", 41.8781, -87.6298, t),
    dropoff: stop("Detroit", 42.3314, -83.0458, t + 6 * 3600_000),
    cargo: { description: "Crates", weightKg: 900, lengthCm: null, widthCm: 120, heightCm: null, vehicleType: "VAN" },
    recipient: { name: "Robin Receiver", phone: null, email: null },
  } as const;

  it("a loaded shipment's values already have the schema's input types (numbers and dates, not text)", () => {
    const parsed = ZShipmentInputSchema.safeParse(valuesFromInitial(initial));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.cargo.widthCm).toBe(120);
    expect(parsed.data?.cargo.lengthCm).toBeUndefined();
  });

  it("an empty form asks for each missing number and date instead of reading them as 0", () => {
    const parsed = ZShipmentInputSchema.safeParse(emptyShipmentFormValues());
    const messages = Object.fromEntries((parsed.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(messages["pickup.lat"]).toBe("Enter a latitude.");
    expect(messages["cargo.weightKg"]).toBe("Enter the weight.");
    expect(messages["pickup.windowStart"]).toBe("Enter a date and time.");
  });
});
