// Lanes (pick-up city to drop-off city) as a table: loads, money, distance and money per distance unit, in the viewer's
// units.
import type { TUnitSystem } from "~/lib/units";
import type { TLane } from "~/server/services/analytics/shipper-analytics";
import { formatCents, formatCount, formatMiles, formatPerMile } from "./format";

export function LanesTable({
  id,
  title,
  lanes,
  money,
  empty,
  units = "us",
}: {
  id: string;
  title: string;
  lanes: TLane[];
  /** The heading of the money column ("Spend", "Earnings"). */
  money: string;
  empty: string;
  /** The viewer's units (default US customary). */
  units?: TUnitSystem;
}) {
  return (
    // min-w-0: as a grid item the section would otherwise grow to the table's width and scroll the page sideways.
    <section
      aria-labelledby={`${id}-heading`}
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id={`${id}-heading`} className="font-semibold">
        {title}
      </h2>
      {lanes.length === 0 ? (
        <p className="mt-4 rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">
          {empty}
        </p>
      ) : (
        // On a phone the table scrolls sideways inside this region (keyboard-focusable, named), never the page;
        // figures and headings never break mid-figure.
        <div
          role="region"
          aria-label={`${title} (scrolls sideways)`}
          tabIndex={0}
          className="mt-3 overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        >
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-3 whitespace-nowrap">
                  Lane
                </th>
                <th scope="col" className="py-1 pr-3 text-right whitespace-nowrap">
                  Loads
                </th>
                <th scope="col" className="py-1 pr-3 text-right whitespace-nowrap">
                  {money}
                </th>
                <th scope="col" className="py-1 pr-3 text-right whitespace-nowrap">
                  {units === "us" ? "Miles" : "Kilometres"}
                </th>
                <th scope="col" className="py-1 pr-3 text-right whitespace-nowrap">
                  {units === "us" ? "Per mile" : "Per km"}
                </th>
              </tr>
            </thead>
            <tbody>
              {lanes.map((l) => (
                <tr key={`${l.origin}→${l.destination}`} className="border-b border-slate-100">
                  <th scope="row" className="min-w-36 py-1 pr-3 font-normal">
                    {l.origin} <span aria-label="to">→</span> {l.destination}
                  </th>
                  <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">{formatCount(l.delivered)}</td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">{formatCents(l.cents)}</td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">{formatMiles(l.miles, units)}</td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">
                    {formatPerMile(l.centsPerMile, units)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
