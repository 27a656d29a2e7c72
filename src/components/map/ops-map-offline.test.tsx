// @vitest-environment happy-dom
// The offline ops map on a phone: each point is a link to its shipment (or driver) with a tap area of at least
// 24 CSS px at 390 px wide, and the view is fitted to the points (every one drawn inside the map).
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import OpsMapOffline, { HIT_RADIUS } from "./ops-map-offline";
import { OFFLINE_HEIGHT, OFFLINE_WIDTH } from "./offline-base";
import type { TOpsPoint } from "./ops-map-points";

afterEach(cleanup);

const points: TOpsPoint[] = [
  { id: "s1", kind: "late", lat: 41.88, lng: -87.63, label: "TT-AAAAAA · In transit · late" },
  { id: "s2", kind: "shipment", lat: 39.1, lng: -84.51, label: "TT-BBBBBB · Picked up" },
  { id: "d1", kind: "driver", lat: 44.98, lng: -93.27, label: "Driver Dana (online)" },
];

describe("OpsMapOffline", () => {
  it("links each point to its page with a tap area of at least 24 CSS px on a phone, all inside the view", () => {
    render(<OpsMapOffline points={points} />);
    expect(screen.getByRole("link", { name: "TT-AAAAAA · In transit · late" }).getAttribute("href")).toBe(
      "/admin/shipments/s1",
    );
    expect(screen.getByRole("link", { name: "Driver Dana (online)" }).getAttribute("href")).toBe("/admin/users/d1");
    // On a 390 px phone the map is at most 390 − 2 × 16 px of page padding wide.
    const cssPxPerUnit = (390 - 32) / OFFLINE_WIDTH;
    expect(2 * HIT_RADIUS * cssPxPerUnit).toBeGreaterThanOrEqual(24);
    for (const link of screen.getAllByRole("link")) {
      expect(link.querySelector("[data-hit-area]")?.getAttribute("r")).toBe(String(HIT_RADIUS));
      const [x, y] = /translate\(([-\d.]+),([-\d.]+)\)/
        .exec(link.querySelector("g")!.getAttribute("transform")!)!
        .slice(1)
        .map(Number) as [number, number];
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(OFFLINE_WIDTH);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(OFFLINE_HEIGHT);
    }
  });
});
