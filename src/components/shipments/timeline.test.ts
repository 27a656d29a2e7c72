import { describe, expect, it } from "vitest";

import { eventTitle } from "./timeline";

describe("timeline event titles", () => {
  it("tells what an edit changed", () => {
    const data = {
      changes: [
        { kind: "price", fromCents: 120_000, toCents: 135_000, currency: "USD" },
        { kind: "changed", part: "pickupWindow" },
        { kind: "weight", fromKg: 800, toKg: 900 },
      ],
    };
    expect(eventTitle({ type: "UPDATED", data })).toBe(
      "Price changed from $1,200.00 to $1,350.00; pick-up window moved; cargo weight 800 → 900 kg",
    );
  });

  it("keeps the generic text for edits recorded before changes were, and for other events", () => {
    expect(eventTitle({ type: "UPDATED", data: null })).toBe("Details edited");
    expect(eventTitle({ type: "UPDATED" })).toBe("Details edited");
    expect(eventTitle({ type: "POSTED", data: null })).toBe("Posted to the load board");
  });
});
