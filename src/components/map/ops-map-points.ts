// What the admins' live ops map draws (issue 14 §1): one point per active shipment (its driver's last position)
// and per online driver, and the grid clustering the offline base uses (MapLibre clusters on its own).

/** One point on the ops map: WGS84 degrees; `kind` picks its colour. */
export type TOpsPoint = {
  id: string;
  kind: "shipment" | "late" | "held" | "driver";
  lat: number;
  lng: number;
  /** Accessible name and tooltip, e.g. "TT-1234 · In transit · late". */
  label: string;
};

export const OPS_COLOURS: Record<TOpsPoint["kind"], string> = {
  shipment: "#1d4ed8",
  late: "#b91c1c",
  held: "#b45309",
  driver: "#15803d",
};

export type TCluster = { x: number; y: number; points: TOpsPoint[] };

/**
 * Groups projected points into square cells of `cellPx` pixels: a cell with one point draws the point, a cell with
 * more draws a cluster with their count at their mean position. `project` returns null for a point off the map.
 */
export function clusterByGrid(
  points: readonly TOpsPoint[],
  project: (p: TOpsPoint) => [number, number] | null,
  cellPx: number,
): TCluster[] {
  const cells = new Map<string, { sx: number; sy: number; points: TOpsPoint[] }>();
  for (const p of points) {
    const xy = project(p);
    if (!xy) continue;
    const key = `${Math.floor(xy[0] / cellPx)}:${Math.floor(xy[1] / cellPx)}`;
    const cell = cells.get(key) ?? { sx: 0, sy: 0, points: [] };
    cell.sx += xy[0];
    cell.sy += xy[1];
    cell.points.push(p);
    cells.set(key, cell);
  }
  return [...cells.values()].map((c) => ({ x: c.sx / c.points.length, y: c.sy / c.points.length, points: c.points }));
}

/** Where a tap on a point leads: the shipment's admin page, or the driver's. */
export function opsPointHref(p: TOpsPoint): string {
  return p.kind === "driver"
    ? `/admin/users/${encodeURIComponent(p.id)}`
    : `/admin/shipments/${encodeURIComponent(p.id)}`;
}
