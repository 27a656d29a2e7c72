// @vitest-environment happy-dom
// The reason field stops at REASON_MAX characters; near the limit a count says how many are used, so a long paste
// that was cut does not go unnoticed.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { REASON_MAX } from "~/lib/schemas/shipment";
import { ReasonForm } from "./reason-form";

afterEach(cleanup);

function form() {
  render(
    <ReasonForm
      title="Resolve it?"
      hint="At least 3 characters."
      submitLabel="Resolve"
      pendingLabel="Resolving…"
      keepLabel="Keep open"
      onSubmit={async () => undefined}
      onKeep={() => undefined}
    />,
  );
  return screen.getByLabelText(/^Reason/) as HTMLTextAreaElement;
}

describe("the reason form's count", () => {
  it("is hidden for a short reason and shown near the limit", async () => {
    const field = form();
    expect(field.maxLength).toBe(REASON_MAX);
    await act(async () => fireEvent.input(field, { target: { value: "Price raised" } }));
    expect(screen.queryByText(/\/ 500 characters/)).toBeNull();
    await act(async () => fireEvent.input(field, { target: { value: "x".repeat(450) } }));
    expect(screen.getByText(/450 \/ 500 characters\./)).toBeTruthy();
    await act(async () => fireEvent.input(field, { target: { value: "x".repeat(REASON_MAX) } }));
    expect(screen.getByText(/500 \/ 500 characters, the most a reason can have\./)).toBeTruthy();
  });
});
