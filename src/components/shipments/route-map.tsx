// A dependency-free "map": no tiles (there is no network to fetch them from, and none are needed to show where a
// load is). Two dots, a straight line, an optional current position, and a caption that says the same in words.
import type { ReactNode } from "react";

import { cx } from "~/components/ui/cx";
import { DateTime } from "~/components/ui/date-time";
import { haversineKm, routeProgress, type TLatLng } from "~/lib/geo";
import { ellipsize } from "~/lib/text";
import { Distance } from "~/components/units/quantities";

const W = 400;
const H = 220;
const PAD = 44;
// SVG text never wraps: a label longer than this (about half the map's width at 14 px) is shortened with "…".
// The caption under the map gives every name in full.
const LABEL_MAX_CHARS = 22;

type TXY = { x: number; y: number };

export type TMapStop = TLatLng & { label: string };
export type TMapPosition = TLatLng & { at?: Date | null };

export type TRouteMapProps = {
  pickup: TMapStop;
  dropoff: TMapStop;
  /**
   * The driver's last known position; drawn as a blue dot, the part of the route behind it solid. Null: none yet
   * (the caption says so). Left out: the position is shown elsewhere (the live map), so the caption says nothing.
   */
  position?: TMapPosition | null;
  className?: string;
};

/** Geographic: an equirectangular projection of the points, fitted to the box, north up. */
export function RouteMap({ pickup, dropoff, position, className }: TRouteMapProps) {
  const points: TLatLng[] = [pickup, dropoff, ...(position ? [position] : [])];
  const meanLat = points.reduce((sum, p) => sum + p.lat, 0) / points.length;
  const kx = Math.cos((meanLat * Math.PI) / 180);
  const raw = (p: TLatLng) => ({ x: p.lng * kx, y: -p.lat });
  const xs = points.map((p) => raw(p).x);
  const ys = points.map((p) => raw(p).y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = Math.max(maxX - minX, 1e-6);
  const spanY = Math.max(maxY - minY, 1e-6);
  const scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const offX = (W - spanX * scale) / 2;
  const offY = (H - spanY * scale) / 2;
  const project = (p: TLatLng): TXY => ({ x: offX + (raw(p).x - minX) * scale, y: offY + (raw(p).y - minY) * scale });

  // Graticule every degree (or every 5 when zoomed out), for a sense of scale.
  const step = 180 / scale > 6 ? 5 : 1;
  const unproject = (xy: TXY): TLatLng => ({
    lat: -((xy.y - offY) / scale + minY),
    lng: ((xy.x - offX) / scale + minX) / kx,
  });
  const topLeft = unproject({ x: 0, y: 0 });
  const bottomRight = unproject({ x: W, y: H });
  const grid: ReactNode[] = [];
  for (let lng = Math.ceil(topLeft.lng / step) * step; lng <= bottomRight.lng && grid.length < 60; lng += step) {
    const x = project({ lat: meanLat, lng }).x;
    grid.push(<line key={`lng${lng}`} x1={x} x2={x} y1={0} y2={H} />);
  }
  for (let lat = Math.ceil(bottomRight.lat / step) * step; lat <= topLeft.lat && grid.length < 120; lat += step) {
    const y = project({ lat, lng: 0 }).y;
    grid.push(<line key={`lat${lat}`} x1={0} x2={W} y1={y} y2={y} />);
  }

  const progress = position ? routeProgress(pickup, dropoff, position) : null;
  return (
    <MapFigure
      className={className}
      grid={grid}
      from={{ ...project(pickup), label: pickup.label }}
      to={{ ...project(dropoff), label: dropoff.label }}
      at={position ? project(position) : null}
      caption={
        <>
          Straight line from {pickup.label} to {dropoff.label} (
          <Distance metres={haversineKm(pickup, dropoff) * 1000} />
          ). {position !== undefined ? <PositionText progress={progress} at={position?.at ?? null} /> : null}
        </>
      }
    />
  );
}

export type TRouteSchematicProps = {
  from: string;
  to: string;
  /** 0..1 along the route. */
  progress: number;
  /** Draw the current position dot (e.g. only while the load is on the road). */
  showPosition: boolean;
  positionAt?: Date | null;
  className?: string;
};

/** Without coordinates (public tracking shows no addresses): the same picture, laid out by progress alone. */
export function RouteSchematic({ from, to, progress, showPosition, positionAt, className }: TRouteSchematicProps) {
  const a = { x: PAD, y: H / 2 };
  const b = { x: W - PAD, y: H / 2 };
  const p = Math.min(1, Math.max(0, progress));
  const grid: ReactNode[] = [];
  for (let x = 0; x <= W; x += 40) grid.push(<line key={`x${x}`} x1={x} x2={x} y1={0} y2={H} />);
  for (let y = 10; y <= H; y += 40) grid.push(<line key={`y${y}`} x1={0} x2={W} y1={y} y2={y} />);
  return (
    <MapFigure
      className={className}
      grid={grid}
      from={{ ...a, label: from }}
      to={{ ...b, label: to }}
      at={showPosition ? { x: a.x + (b.x - a.x) * p, y: a.y } : null}
      caption={
        <>
          Route from {from} to {to}. {showPosition ? <PositionText progress={p} at={positionAt ?? null} /> : null}
        </>
      }
    />
  );
}

function PositionText({ progress, at }: { progress: number | null; at: Date | null }) {
  if (progress === null) return <>No position reported yet.</>;
  return (
    <>
      Last known position: about {Math.round(progress * 100)}% of the way
      {at ? (
        <>
          , reported <DateTime value={at} format="relative" />
        </>
      ) : null}
      .
    </>
  );
}

function anchorFor(x: number): "start" | "middle" | "end" {
  if (x < W / 3) return "start";
  if (x > (2 * W) / 3) return "end";
  return "middle";
}

function MapFigure({
  from,
  to,
  at,
  grid,
  caption,
  className,
}: {
  from: TXY & { label: string };
  to: TXY & { label: string };
  at: TXY | null;
  grid: ReactNode[];
  caption: ReactNode;
  className?: string;
}) {
  // Labels go above a dot, or below it when the dot is near the top edge.
  const labelY = (y: number) => (y < 40 ? y + 26 : y - 14);
  const labelX = (x: number) => (anchorFor(x) === "start" ? x - 8 : anchorFor(x) === "end" ? x + 8 : x);
  return (
    <figure className={cx("space-y-2", className)}>
      {/* Decorative: the caption below is the text alternative. */}
      <svg
        aria-hidden
        focusable="false"
        viewBox={`0 0 ${W} ${H}`}
        className="block h-auto w-full rounded-lg border border-slate-200 bg-slate-50"
      >
        <g stroke="#e2e8f0" strokeWidth={1}>
          {grid}
        </g>
        <line
          x1={from.x}
          y1={from.y}
          x2={to.x}
          y2={to.y}
          stroke="#94a3b8"
          strokeWidth={3}
          strokeDasharray="8 6"
          strokeLinecap="round"
        />
        {at ? (
          <line x1={from.x} y1={from.y} x2={at.x} y2={at.y} stroke="#1d4ed8" strokeWidth={4} strokeLinecap="round" />
        ) : null}
        <circle cx={from.x} cy={from.y} r={8} fill="#059669" stroke="#fff" strokeWidth={3} />
        <rect x={to.x - 8} y={to.y - 8} width={16} height={16} rx={3} fill="#b91c1c" stroke="#fff" strokeWidth={3} />
        {at ? (
          <g>
            <circle
              cx={at.x}
              cy={at.y}
              r={16}
              fill="#1d4ed8"
              fillOpacity={0.18}
              className="animate-pulse motion-reduce:animate-none"
            />
            <circle cx={at.x} cy={at.y} r={7} fill="#1d4ed8" stroke="#fff" strokeWidth={3} />
          </g>
        ) : null}
        <g fontSize={14} fontWeight={600} fill="#0f172a" stroke="#f8fafc" strokeWidth={4} paintOrder="stroke">
          <text x={labelX(from.x)} y={labelY(from.y)} textAnchor={anchorFor(from.x)}>
            <title>{from.label}</title>
            {ellipsize(from.label, LABEL_MAX_CHARS)}
          </text>
          <text x={labelX(to.x)} y={labelY(to.y)} textAnchor={anchorFor(to.x)}>
            <title>{to.label}</title>
            {ellipsize(to.label, LABEL_MAX_CHARS)}
          </text>
        </g>
      </svg>
      <figcaption className="text-sm text-slate-600">
        <span className="mr-3 inline-flex items-center gap-1 whitespace-nowrap">
          <span aria-hidden className="inline-block size-2.5 rounded-full bg-emerald-600" /> Pick-up
        </span>
        <span className="mr-3 inline-flex items-center gap-1 whitespace-nowrap">
          <span aria-hidden className="inline-block size-2.5 rounded-sm bg-red-700" /> Drop-off
        </span>
        {at ? (
          <span className="mr-3 inline-flex items-center gap-1 whitespace-nowrap">
            <span aria-hidden className="inline-block size-2.5 rounded-full bg-brand-600" /> Current position
          </span>
        ) : null}
        <span className="mt-1 block">{caption}</span>
      </figcaption>
    </figure>
  );
}
