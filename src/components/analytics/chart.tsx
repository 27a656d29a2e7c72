"use client";
// One Recharts bar or line chart of daily/weekly/monthly figures: full width, 16rem tall, axis labels kept short so
// it stays readable on a phone. The figures are also given as a table beside it (ChartCard).
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import type { TUnitSystem } from "~/lib/units";
import { formatAxis, formatDayLabel, formatValue, type TUnit } from "./format";

export type TSeries = { key: string; label: string; color: string };

/**
 * A category label split into at most `maxLines` lines of at most `width` characters at spaces, the last line
 * ending in "…" when the label is longer: an axis tick that is never dropped nor runs into its neighbours (the full
 * label is the tick's <title> and is in the tooltip and the table).
 */
export function wrapLabel(label: string, width = 14, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) {
      line = next;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > maxLines) {
    const last = kept[maxLines - 1]!;
    kept[maxLines - 1] = last.endsWith("…") ? last : `${last.slice(0, width - 1)}…`;
  }
  return kept;
}

/** An x-axis tick for a plain-label category: wrapped over two lines, the full label as its <title>. */
function LabelTick(props: { x?: number; y?: number; payload?: { value: string } }) {
  const label = String(props.payload?.value ?? "");
  const lines = wrapLabel(label);
  return (
    <g transform={`translate(${props.x ?? 0},${props.y ?? 0})`}>
      <title>{label}</title>
      <text textAnchor="middle" fontSize={12} fill="#475569">
        {lines.map((l, i) => (
          <tspan key={i} x={0} dy={i === 0 ? 12 : 14}>
            {l}
          </tspan>
        ))}
      </text>
    </g>
  );
}

type TChartProps = {
  /** The chart's name for assistive technology (its title): the focusable SVG is named by it, not read as ticks. */
  label: string;
  data: Record<string, string | number>[];
  /** The category key: a `YYYY-MM-DD` day or week, a `YYYY-MM` month, or a plain label. */
  xKey: string;
  series: TSeries[];
  unit: TUnit;
  /** The viewer's units, for distances (default US customary). */
  units?: TUnitSystem;
  kind?: "bar" | "line";
  stacked?: boolean;
  /** Whether xKey holds dates (formatted "Mar 3") or labels shown as they are. */
  dates?: boolean;
};

export function AnalyticsChart({
  label,
  data,
  xKey,
  series,
  unit,
  units = "us",
  kind = "bar",
  stacked,
  dates = true,
}: TChartProps) {
  const tick = (v: string) => (dates ? formatDayLabel(v) : v);
  const common = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
      {dates ? (
        <XAxis dataKey={xKey} tickFormatter={tick} tick={{ fontSize: 12 }} minTickGap={12} />
      ) : (
        // Every category gets its tick (interval 0), wrapped and shortened rather than dropped.
        <XAxis dataKey={xKey} tick={<LabelTick />} interval={0} height={44} />
      )}
      <YAxis
        tickFormatter={(v: number) => formatAxis(unit, v, units)}
        tick={{ fontSize: 12 }}
        width={56}
        // Counts are whole: no "0.5 cancellations" tick.
        allowDecimals={unit !== "count"}
      />
      <Tooltip
        formatter={(v) => formatValue(unit, Number(v), units)}
        labelFormatter={(l) => tick(String(l))}
        contentStyle={{ fontSize: 13 }}
      />
      {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 13 }} /> : null}
    </>
  );
  return (
    <div className="h-64 w-full" data-testid="analytics-chart">
      <ResponsiveContainer width="100%" height="100%">
        {kind === "line" ? (
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} title={label} aria-label={label}>
            {common}
            {series.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                dot={false}
                strokeWidth={2}
              />
            ))}
          </LineChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} title={label} aria-label={label}>
            {common}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? "a" : undefined} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
