// @vitest-environment happy-dom
// Chart axis labels: a long cancellation reason is wrapped and shortened, never dropped; counts get whole ticks.
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { wrapLabel } from "./chart";
import { ChartCard } from "./chart-card";

afterEach(cleanup);

describe("wrapLabel", () => {
  it("keeps a short label whole and wraps a long one over two lines, ending in an ellipsis", () => {
    expect(wrapLabel("Other")).toEqual(["Other"]);
    expect(wrapLabel("Driver no-show")).toEqual(["Driver no-show"]);
    expect(wrapLabel("Shipper changed plans")).toEqual(["Shipper", "changed plans"]);
    const long = wrapLabel("Cargo was not ready at the dock when the driver arrived");
    expect(long).toHaveLength(2);
    expect(long.every((l) => l.length <= 14)).toBe(true);
    expect(long[1]).toMatch(/…$/);
    expect(wrapLabel("Supercalifragilisticexpialidocious")).toEqual(["Supercalifrag…"]);
  });
});

describe("ChartCard", () => {
  it("names the chart's focusable SVG by its title, and draws every reason's tick with whole-number counts", () => {
    // happy-dom lays nothing out: the container is measured as 600 × 256 px, as a desktop browser would.
    globalThis.ResizeObserver = class {
      constructor(private readonly cb: ResizeObserverCallback) {}
      observe(target: Element) {
        this.cb(
          [{ target, contentRect: { width: 600, height: 256 } } as unknown as ResizeObserverEntry],
          this as unknown as ResizeObserver,
        );
      }
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    const reasons = ["Shipper changed plans", "Cargo was not ready at the dock when the driver arrived", "Other"];
    const { container } = render(
      <div style={{ width: 600, height: 300 }}>
        <ChartCard
          id="cancellations"
          title="Cancellations by reason"
          data={reasons.map((reason, i) => ({ reason, count: i === 1 ? 2 : 1, previousCount: 0 }))}
          xKey="reason"
          xLabel="Reason"
          dates={false}
          series={[{ key: "count", label: "These dates", color: "#b91c1c" }]}
          unit="count"
          empty="None"
        />
      </div>,
    );
    const svg = container.querySelector("svg.recharts-surface");
    if (!svg) return expect.fail(`no chart drawn: ${container.innerHTML.slice(0, 400)}`);
    expect(svg.getAttribute("aria-label")).toBe("Cancellations by reason");
    const titles = [...container.querySelectorAll(".recharts-xAxis-tick-labels title")].map((t) => t.textContent);
    expect(titles).toEqual(reasons);
    const yTicks = [
      ...container.querySelectorAll(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value"),
    ].map((t) => t.textContent ?? "");
    expect(yTicks.length).toBeGreaterThan(1);
    expect(yTicks.every((t) => /^\d+$/.test(t))).toBe(true);
  });
});
