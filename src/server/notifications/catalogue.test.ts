// The default preferences (issue 11 §4): in-app, email and push as each type suits, SMS only for time-critical types.
import { describe, expect, it } from "vitest";

import { defaultEnabled, notificationCatalogue, notificationTypes, TIME_CRITICAL_TYPES } from "./catalogue";

describe("notification defaults", () => {
  it("SMS is on by default only for the time-critical types: pick-up reminders and a locked delivery code", () => {
    expect(notificationTypes.filter((type) => defaultEnabled(type, "SMS")).sort()).toEqual(
      ["DELIVERY_CODE_LOCKED", "PICKUP_REMINDER"].sort(),
    );
    expect([...TIME_CRITICAL_TYPES].sort()).toEqual(["DELIVERY_CODE_LOCKED", "PICKUP_REMINDER"].sort());
  });

  it("every type is on in the app; email for all but load offers (a push that is stale within the hour)", () => {
    expect(notificationTypes.filter((type) => !defaultEnabled(type, "IN_APP"))).toEqual([]);
    expect(notificationTypes.filter((type) => !defaultEnabled(type, "EMAIL"))).toEqual(["LOAD_OFFER"]);
  });

  it("push is on by default for what needs attention soon, not for receipts, payouts or account notices", () => {
    expect(notificationTypes.filter((type) => defaultEnabled(type, "PUSH")).sort()).toEqual(
      ["DELIVERY_CODE_LOCKED", "LOAD_OFFER", "NEW_MESSAGE", "PICKUP_REMINDER", "SHIPMENT_STATUS"].sort(),
    );
  });

  it("each type has a label and a description for the preferences page", () => {
    for (const type of notificationTypes) {
      expect(notificationCatalogue[type].label.length).toBeGreaterThan(0);
      expect(notificationCatalogue[type].description.length).toBeGreaterThan(0);
    }
  });
});
