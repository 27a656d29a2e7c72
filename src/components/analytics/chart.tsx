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

type TChartProps = {
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
      <XAxis dataKey={xKey} tickFormatter={tick} tick={{ fontSize: 12 }} minTickGap={12} />
      <YAxis tickFormatter={(v: number) => formatAxis(unit, v, units)} tick={{ fontSize: 12 }} width={56} />
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
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
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
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
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
