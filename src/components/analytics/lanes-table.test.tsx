// @vitest-environment happy-dom
// The lanes table on a phone (390 px): it scrolls sideways inside its own named, focusable region, and headings and
// figures never wrap mid-word or mid-figure ("Loa/ds", "$3,01 / 6.64" before).
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { LanesTable } from "./lanes-table";

afterEach(cleanup);

const lanes = [
  {
    origin: "Chicago, IL",
    destination: "Milwaukee, WI",
    delivered: 12,
    cents: 301_664,
    miles: 1_234,
    centsPerMile: 244,
  },
];

describe("LanesTable", () => {
  it("scrolls in a keyboard-focusable region named after the table, never breaking figures or headings", () => {
    render(<LanesTable id="best-lanes" title="Best lanes" lanes={lanes} money="Earnings" empty="None" />);
    const region = screen.getByRole("region", { name: "Best lanes (scrolls sideways)" });
    expect(region.tabIndex).toBe(0);
    expect(region.className).toContain("overflow-x-auto");
    // The section is a grid item: min-w-0 keeps it from widening the page to the table's width.
    expect(region.closest("section")!.className).toContain("min-w-0");
    const table = within(region).getByRole("table");
    for (const header of within(table).getAllByRole("columnheader")) {
      expect(header.className, header.textContent ?? "").toContain("whitespace-nowrap");
    }
    for (const cell of within(table).getAllByRole("cell")) {
      expect(cell.className, cell.textContent ?? "").toMatch(/whitespace-nowrap/);
      expect(cell.className).toContain("tabular-nums");
    }
    expect(within(table).getByRole("cell", { name: "$3,016.64" })).toBeTruthy();
  });
});
