import { describe, expect, it } from "vitest";

import { ZDeliveryCodeSchema } from "./shipment";

describe("ZDeliveryCodeSchema", () => {
  it("takes the 6 digits however they were typed or pasted: spaces, a dash, padding", () => {
    for (const typed of ["738412", " 738 412", "738 412 ", "738-412", "7 3 8 4 1 2", "\t738\u00A0412\n"]) {
      expect(ZDeliveryCodeSchema.parse(typed)).toBe("738412");
    }
  });

  it("refuses anything that is not exactly 6 digits", () => {
    for (const bad of ["73841", "7384120", "738.412", "73841a", "", "  ", "-", "1".repeat(40)]) {
      expect(ZDeliveryCodeSchema.safeParse(bad).error?.issues.map((i) => i.message)).toEqual([
        "The delivery code has 6 digits.",
      ]);
    }
    expect(ZDeliveryCodeSchema.safeParse(738412).success).toBe(false);
  });
});
