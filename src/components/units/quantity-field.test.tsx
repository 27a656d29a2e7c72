// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";

import type { TUnitSystem } from "~/lib/units";
import { QuantityField } from "./quantity-field";
import { AccountUnits } from "./units-context";

afterEach(cleanup);

/** A form holding the stored value (kg or cm) as react-hook-form would, with the field in the viewer's units. */
function Form(props: { units: TUnitSystem; kind: "weight" | "length"; stored?: number }) {
  const [stored, setStored] = useState<number | undefined>(props.stored);
  return (
    <AccountUnits units={props.units}>
      <QuantityField
        kind={props.kind}
        label={props.kind === "weight" ? "Capacity" : "Length"}
        name="q"
        value={stored}
        onChange={setStored}
        minStored={50}
        maxStored={40_000}
      />
      <output data-testid="stored">{stored === undefined ? "none" : String(stored)}</output>
    </AccountUnits>
  );
}

const stored = () => screen.getByTestId("stored").textContent;

describe("QuantityField", () => {
  it("takes a capacity in pounds from a US viewer and keeps kilograms", () => {
    render(<Form units="us" kind="weight" stored={6_000} />);
    const input = screen.getByLabelText("Capacity (lb)");
    expect((input as HTMLInputElement).value).toBe("13228");
    expect(input.getAttribute("min")).toBe("110");
    expect(input.getAttribute("max")).toBe("88185");
    fireEvent.change(input, { target: { value: "2205" } });
    expect(stored()).toBe("1000");
    expect((input as HTMLInputElement).value).toBe("2205");
    fireEvent.change(input, { target: { value: "" } });
    expect(stored()).toBe("none");
  });

  it("takes kilograms from a metric viewer", () => {
    render(<Form units="metric" kind="weight" stored={6_000} />);
    const input = screen.getByLabelText("Capacity (kg)");
    expect((input as HTMLInputElement).value).toBe("6000");
    fireEvent.change(input, { target: { value: "1500" } });
    expect(stored()).toBe("1500");
  });

  it("shows a length in inches but keeps the stored centimetres until the person types", () => {
    render(<Form units="us" kind="length" stored={240} />);
    const input = screen.getByLabelText("Length (in)");
    expect((input as HTMLInputElement).value).toBe("94");
    expect(stored()).toBe("240");
    fireEvent.change(input, { target: { value: "48" } });
    expect(stored()).toBe("122");
  });
});
