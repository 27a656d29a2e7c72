import { describe, expect, it } from "vitest";

import type { ShipmentStatus } from "~/generated/prisma/enums";
import {
  availableActions,
  canTransition,
  nextStatus,
  pathTo,
  shipmentActions,
  shipmentStatuses,
  type TActor,
  type TShipmentAction,
} from "./shipment-state";

// The expected table, written out independently of the implementation: [from, action] -> to.
const allowed: Partial<Record<`${ShipmentStatus}:${TShipmentAction}`, ShipmentStatus>> = {
  "DRAFT:post": "POSTED",
  "DRAFT:cancel": "CANCELLED",
  "DRAFT:forceCancel": "CANCELLED",
  "POSTED:accept": "ASSIGNED",
  "POSTED:cancel": "CANCELLED",
  "POSTED:forceCancel": "CANCELLED",
  "POSTED:reassign": "ASSIGNED",
  "POSTED:expire": "CANCELLED",
  "ASSIGNED:release": "POSTED",
  "ASSIGNED:pickUp": "PICKED_UP",
  "ASSIGNED:cancel": "CANCELLED",
  "ASSIGNED:forceCancel": "CANCELLED",
  "ASSIGNED:reassign": "ASSIGNED",
  "PICKED_UP:depart": "IN_TRANSIT",
  "PICKED_UP:forceCancel": "CANCELLED",
  "IN_TRANSIT:deliver": "DELIVERED",
  "IN_TRANSIT:forceCancel": "CANCELLED",
  "DELIVERED:confirm": "COMPLETED",
  "DELIVERED:forceCancel": "CANCELLED",
};

describe("shipment state machine", () => {
  for (const status of shipmentStatuses) {
    for (const action of shipmentActions) {
      const expected = allowed[`${status}:${action}`] ?? null;
      it(`${status} --${action}--> ${expected ?? "refused"}`, () => {
        expect(nextStatus(status, action)).toBe(expected);
        expect(canTransition(status, action)).toBe(expected !== null);
      });
    }
  }

  it("checks who may perform an action", () => {
    expect(nextStatus("POSTED", "accept", "DRIVER")).toBe("ASSIGNED");
    expect(nextStatus("POSTED", "accept", "SHIPPER")).toBeNull();
    expect(nextStatus("DRAFT", "post", "DRIVER")).toBeNull();
    expect(nextStatus("DELIVERED", "confirm", "SYSTEM")).toBe("COMPLETED");
    expect(nextStatus("IN_TRANSIT", "forceCancel", "SHIPPER")).toBeNull();
    expect(nextStatus("IN_TRANSIT", "forceCancel", "ADMIN")).toBe("CANCELLED");
    // Only the system expires a load; nobody gets an "Expire" button.
    expect(nextStatus("POSTED", "expire", "SYSTEM")).toBe("CANCELLED");
    for (const actor of ["SHIPPER", "DRIVER", "ADMIN"] as const) {
      expect(nextStatus("POSTED", "expire", actor)).toBeNull();
    }
  });

  it("offers each actor only the buttons it may press", () => {
    const actions = (s: ShipmentStatus, a: TActor) => availableActions(s, a).sort();
    expect(actions("ASSIGNED", "DRIVER")).toEqual(["pickUp", "release"]);
    expect(actions("ASSIGNED", "SHIPPER")).toEqual(["cancel"]);
    expect(actions("IN_TRANSIT", "DRIVER")).toEqual(["deliver"]);
    expect(actions("COMPLETED", "ADMIN")).toEqual([]);
    expect(actions("CANCELLED", "SHIPPER")).toEqual([]);
  });

  it("builds histories along the happy path", () => {
    expect(pathTo("IN_TRANSIT")).toEqual(["DRAFT", "POSTED", "ASSIGNED", "PICKED_UP", "IN_TRANSIT"]);
    expect(pathTo("CANCELLED")).toEqual(["DRAFT", "POSTED", "CANCELLED"]);
  });
});
