// A chart with its title and, as its text alternative, the same figures as a table in a <details>.
import { AnalyticsChart, type TSeries } from "./chart";
import type { TUnitSystem } from "~/lib/units";
import { formatDayLabel, formatValue, type TUnit } from "./format";

type TChartCardProps = {
  id: string;
  title: string;
  description?: string;
  data: Record<string, string | number>[];
  xKey: string;
  /** The table's heading for the category column ("Week of", "Day"...). */
  xLabel: string;
  series: TSeries[];
  unit: TUnit;
  /** The viewer's units, for distances (default US customary). */
  units?: TUnitSystem;
  kind?: "bar" | "line";
  stacked?: boolean;
  dates?: boolean;
  /** Shown instead of the chart when `data` is empty: what will appear here. */
  empty: string;
};

export function ChartCard(props: TChartCardProps) {
  const { id, title, description, data, xKey, xLabel, series, unit, units = "us", dates = true } = props;
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${id}-heading`} className="font-semibold">
        {title}
      </h2>
      {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      {data.length === 0 ? (
        <p className="mt-4 rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">
          {props.empty}
        </p>
      ) : (
        <>
          <figure className="mt-3" aria-labelledby={`${id}-heading`}>
            <AnalyticsChart
              label={title}
              data={data}
              xKey={xKey}
              series={series}
              unit={unit}
              units={units}
              kind={props.kind}
              stacked={props.stacked}
              dates={dates}
            />
          </figure>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer font-medium text-brand-700">Show the figures as a table</summary>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-left">
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-1 pr-3">
                      {xLabel}
                    </th>
                    {series.map((s) => (
                      <th key={s.key} scope="col" className="py-1 pr-3 text-right">
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.map((row) => (
                    <tr key={String(row[xKey])} className="border-b border-slate-100">
                      <th scope="row" className="py-1 pr-3 font-normal">
                        {dates ? formatDayLabel(String(row[xKey])) : String(row[xKey])}
                      </th>
                      {series.map((s) => (
                        <td key={s.key} className="py-1 pr-3 text-right tabular-nums">
                          {formatValue(unit, Number(row[s.key] ?? 0), units)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
