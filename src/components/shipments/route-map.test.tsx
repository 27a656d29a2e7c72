// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { RouteMap } from "./route-map";

afterEach(cleanup);

const pickup = { label: "Chicago", lat: 41.8781, lng: -87.6298 };
const dropoff = { label: "Detroit", lat: 42.3314, lng: -83.0458 };

describe("RouteMap's caption", () => {
  it("says nothing of the driver when the position is shown elsewhere (no `position`: the live map beside it)", () => {
    const { container } = render(<RouteMap pickup={pickup} dropoff={dropoff} />);
    expect(container.textContent).toContain("Straight line from Chicago to Detroit");
    expect(container.textContent).not.toMatch(/No position reported yet|Last known position/);
  });

  it("says when no position has come yet, and where the last one was", () => {
    render(<RouteMap pickup={pickup} dropoff={dropoff} position={null} />);
    expect(screen.getByText(/No position reported yet/)).toBeTruthy();
    cleanup();
    render(<RouteMap pickup={pickup} dropoff={dropoff} position={{ lat: 42.1, lng: -85.3 }} />);
    expect(screen.getByText(/Last known position: about \d+% of the way/)).toBeTruthy();
  });
});
