import { describe, expect, it } from "vitest";

import { describeShipmentEdit, diffShipment, type TEditableShipment, withoutPriceAmounts } from "./shipment-changes";

const base: TEditableShipment = {
  priceCents: 120_000,
  currency: "USD",
  pickupCity: "Chicago",
  pickupAddress: "233 S Wacker Dr, Chicago, IL",
  pickupLat: 41.8781,
  pickupLng: -87.6298,
  pickupWindowStart: new Date("2026-12-01T14:00:00Z"),
  pickupWindowEnd: new Date("2026-12-01T18:00:00Z"),
  pickupContactName: "Dock",
  pickupContactPhone: null,
  dropoffCity: "Milwaukee",
  dropoffAddress: "400 W Canal St, Milwaukee, WI",
  dropoffLat: 43.0389,
  dropoffLng: -87.9065,
  dropoffWindowStart: new Date("2026-12-02T14:00:00Z"),
  dropoffWindowEnd: new Date("2026-12-02T18:00:00Z"),
  dropoffContactName: null,
  dropoffContactPhone: null,
  cargoDescription: "Pallets",
  weightKg: 800,
  lengthCm: null,
  widthCm: null,
  heightCm: null,
  requiredVehicleType: "BOX_TRUCK",
  recipientName: "Jordan",
  recipientPhone: null,
  recipientEmail: null,
};

describe("diffShipment", () => {
  it("finds nothing when nothing changed (dates compared by instant)", () => {
    expect(diffShipment(base, { ...base, pickupWindowStart: new Date(base.pickupWindowStart) })).toEqual([]);
  });

  it("lists price, window and weight changes in the timeline's order", () => {
    const after = {
      ...base,
      weightKg: 900,
      priceCents: 135_000,
      pickupWindowEnd: new Date("2026-12-01T19:00:00Z"),
    };
    expect(diffShipment(base, after)).toEqual([
      { kind: "price", fromCents: 120_000, toCents: 135_000, currency: "USD" },
      { kind: "changed", part: "pickupWindow" },
      { kind: "weight", fromKg: 800, toKg: 900 },
    ]);
  });

  it("names a new city, and only says 'address changed' when the city stayed", () => {
    expect(diffShipment(base, { ...base, dropoffCity: "Detroit", dropoffAddress: "1 Woodward Ave" })).toEqual([
      { kind: "city", stop: "dropoff", from: "Milwaukee", to: "Detroit" },
    ]);
    expect(diffShipment(base, { ...base, pickupAddress: "1 Other St", recipientEmail: "a@b.test" })).toEqual([
      { kind: "changed", part: "pickupAddress" },
      { kind: "changed", part: "recipient" },
    ]);
  });
});

describe("describeShipmentEdit", () => {
  it("says what changed", () => {
    const data = {
      changes: [
        { kind: "price", fromCents: 120_000, toCents: 135_000, currency: "USD" },
        { kind: "changed", part: "pickupWindow" },
        { kind: "weight", fromKg: 800, toKg: 900 },
      ],
    };
    expect(describeShipmentEdit(data, "Details edited")).toBe(
      "Price changed from $1,200.00 to $1,350.00; pick-up window moved; cargo weight 800 → 900 kg",
    );
    expect(
      describeShipmentEdit(
        {
          changes: [
            { kind: "vehicle", from: "VAN", to: "BOX_TRUCK" },
            { kind: "changed", part: "recipient" },
          ],
        },
        "x",
      ),
    ).toBe("Vehicle Cargo van → Box truck; recipient details changed");
  });

  it("falls back for old events without data, or data it cannot read", () => {
    expect(describeShipmentEdit(null, "Details edited")).toBe("Details edited");
    expect(describeShipmentEdit(undefined, "Details edited")).toBe("Details edited");
    expect(describeShipmentEdit({ changes: [{ kind: "teleport" }] }, "Details edited")).toBe("Details edited");
  });

  it("says so when an edit was saved with nothing changed", () => {
    expect(describeShipmentEdit({ changes: [] }, "Details edited")).toBe("Saved without changes");
  });
});

describe("withoutPriceAmounts", () => {
  it("keeps that the price changed, not the amounts", () => {
    const data = withoutPriceAmounts({
      changes: [
        { kind: "price", fromCents: 1, toCents: 2, currency: "USD" },
        { kind: "weight", fromKg: 1, toKg: 2 },
      ],
    });
    expect(JSON.stringify(data)).not.toMatch(/Cents/);
    expect(describeShipmentEdit(data, "Details edited")).toBe("Price changed; cargo weight 1 → 2 kg");
    expect(withoutPriceAmounts({ nonsense: true })).toBeNull();
  });
});
