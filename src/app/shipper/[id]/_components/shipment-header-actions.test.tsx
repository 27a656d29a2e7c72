// @vitest-environment happy-dom
// Back from a paid Checkout while the webhook has not posted the draft yet: Post and Edit wait, saying why; Cancel
// stays (a cancel refunds by policy).
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { isPaymentInFlight, PAYMENT_IN_FLIGHT_NOTE, ShipmentHeaderActions } from "./shipment-header-actions";
import type { TShipmentDetailState } from "./use-shipment-detail";

afterEach(cleanup);

/** The parts of the page state the header actions read, for a DRAFT that may be posted, edited and cancelled. */
function draftState(): TShipmentDetailState {
  const mutation = { mutate: vi.fn(), isPending: false };
  return {
    shipment: { id: "s1", status: "DRAFT" },
    actions: ["post", "cancel"],
    busy: false,
    post: mutation,
    confirm: mutation,
    cancelOpen: false,
    openCancel: vi.fn(),
  } as unknown as TShipmentDetailState;
}

describe("ShipmentHeaderActions while a payment is in flight", () => {
  it("offers Edit, Post and Cancel for a draft with no payment on its way", () => {
    render(<ShipmentHeaderActions state={draftState()} />);
    expect(screen.getByRole("link", { name: "Edit" })).toBeTruthy();
    expect((screen.getByRole("button", { name: /post/i }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId("payment-in-flight")).toBeNull();
  });

  it("hides Edit, disables Post with the reason, and keeps Cancel", () => {
    render(<ShipmentHeaderActions state={draftState()} paymentInFlight />);
    expect(screen.queryByRole("link", { name: "Edit" })).toBeNull();
    const post = screen.getByRole("button", { name: /post/i }) as HTMLButtonElement;
    expect(post.disabled).toBe(true);
    expect(post.title).toBe(PAYMENT_IN_FLIGHT_NOTE);
    expect(screen.getByTestId("payment-in-flight").textContent).toBe(
      "Payment received; the load goes on the board in a moment.",
    );
    expect((screen.getByRole("button", { name: /cancel/i }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("is in flight only back from a successful checkout while the shipment is still a draft", () => {
    expect(isPaymentInFlight("success", "DRAFT")).toBe(true);
    expect(isPaymentInFlight("success", "POSTED")).toBe(false);
    expect(isPaymentInFlight("cancelled", "DRAFT")).toBe(false);
    expect(isPaymentInFlight(null, "DRAFT")).toBe(false);
  });
});
