import { describe, expect, it } from "vitest";

import { showsDeliveryCode, showsTrackingLink, shipmentStatuses } from "./shipment-state";

// Written out independently of the state machine: where the code and the tracking link still serve someone.
describe("delivery code and tracking link visibility", () => {
  it("shows the delivery code only while delivery is still ahead", () => {
    expect(shipmentStatuses.filter(showsDeliveryCode)).toEqual([
      "DRAFT",
      "POSTED",
      "ASSIGNED",
      "PICKED_UP",
      "IN_TRANSIT",
    ]);
  });

  it("shows the tracking link on the way and after delivery, never for a cancelled load", () => {
    expect(shipmentStatuses.filter(showsTrackingLink)).toEqual([
      "DRAFT",
      "POSTED",
      "ASSIGNED",
      "PICKED_UP",
      "IN_TRANSIT",
      "DELIVERED",
      "COMPLETED",
    ]);
    expect(showsTrackingLink("CANCELLED")).toBe(false);
  });
});
