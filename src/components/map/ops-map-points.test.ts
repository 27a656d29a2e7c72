import { describe, expect, it } from "vitest";

import { clusterByGrid, type TOpsPoint } from "./ops-map-points";

const point = (id: string, x: number, y: number): TOpsPoint => ({ id, kind: "shipment", lat: y, lng: x, label: id });

describe("clusterByGrid", () => {
  it("keeps far points apart and groups close ones at their mean, dropping points off the map", () => {
    const project = (p: TOpsPoint): [number, number] | null => (p.lng < 0 ? null : [p.lng, p.lat]);
    const clusters = clusterByGrid(
      [point("a", 1, 1), point("b", 9, 5), point("c", 55, 55), point("off", -5, 5)],
      project,
      20,
    );
    expect(clusters.map((c) => [c.points.map((p) => p.id), c.x, c.y])).toEqual([
      [["a", "b"], 5, 3],
      [["c"], 55, 55],
    ]);
  });
});
