// The default preferences (issue 11 §4): in-app, email and push as each type suits, SMS only for time-critical types.
import { describe, expect, it } from "vitest";

import {
  channelsOf,
  defaultEnabled,
  matrixTypesFor,
  notificationCatalogue,
  notificationTypes,
  TIME_CRITICAL_TYPES,
} from "./catalogue";

describe("notification defaults", () => {
  it("SMS is on by default only for the time-critical types: pick-up reminders and a locked delivery code", () => {
    expect(notificationTypes.filter((type) => defaultEnabled(type, "SMS")).sort()).toEqual(
      ["DELIVERY_CODE_LOCKED", "PICKUP_REMINDER"].sort(),
    );
    expect([...TIME_CRITICAL_TYPES].sort()).toEqual(["DELIVERY_CODE_LOCKED", "PICKUP_REMINDER"].sort());
  });

  it("every type is on in the app (but the email-only daily summary); email for all but load offers", () => {
    expect(notificationTypes.filter((type) => !defaultEnabled(type, "IN_APP"))).toEqual(["DAILY_SUMMARY"]);
    expect(notificationTypes.filter((type) => !defaultEnabled(type, "EMAIL"))).toEqual(["LOAD_OFFER"]);
  });

  it("the daily summary exists by email alone; every other type on all four channels", () => {
    expect(channelsOf("DAILY_SUMMARY")).toEqual(["EMAIL"]);
    for (const type of notificationTypes.filter((t) => t !== "DAILY_SUMMARY")) {
      expect(channelsOf(type)).toEqual(["IN_APP", "EMAIL", "SMS", "PUSH"]);
    }
    expect(defaultEnabled("DAILY_SUMMARY", "SMS")).toBe(false);
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

describe("the preferences matrix offers", () => {
  it("each role only the types sent to it, and no type that nothing sends", () => {
    expect(matrixTypesFor("SHIPPER")).toEqual([
      "SHIPMENT_STATUS",
      "NEW_MESSAGE",
      "DELIVERY_CODE_LOCKED",
      "DAILY_SUMMARY",
    ]);
    expect(matrixTypesFor("DRIVER")).toEqual(["SHIPMENT_STATUS", "PICKUP_REMINDER", "NEW_MESSAGE"]);
    const admin = matrixTypesFor("ADMIN");
    for (const never of ["LOAD_OFFER", "PAYOUT_SENT", "PAYMENT_RECEIPT", "ACCOUNT"] as const) {
      expect(admin).not.toContain(never);
    }
    expect(admin).toContain("DAILY_SUMMARY");
  });
});
