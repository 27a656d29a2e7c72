// The date range of an analytics page: presets and a from/to form that reload the page with ?from=&to= (works
// without JavaScript). Days are UTC.
import Link from "next/link";

import { buttonClasses } from "~/components/ui/button";
import { lastDays, type TAnalyticsRange } from "~/lib/schemas/analytics";

const PRESETS = [7, 30, 90, 365] as const;

export function RangeForm({ path, range, error }: { path: string; range: TAnalyticsRange; error?: string }) {
  return (
    <section aria-label="Date range" className="mb-6 space-y-3">
      <nav aria-label="Preset ranges" className="flex flex-wrap gap-2">
        {PRESETS.map((days) => {
          const r = lastDays(days);
          const current = r.from === range.from && r.to === range.to;
          return (
            <Link
              key={days}
              href={`${path}?from=${r.from}&to=${r.to}`}
              aria-current={current ? "true" : undefined}
              className={buttonClasses({ variant: current ? "primary" : "secondary", size: "sm" })}
            >
              Last {days} days
            </Link>
          );
        })}
      </nav>
      <form method="get" action={path} className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block font-medium">From</span>
          <input
            type="date"
            name="from"
            defaultValue={range.from}
            required
            className="mt-1 rounded-lg border border-slate-300 px-3 py-2"
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium">To</span>
          <input
            type="date"
            name="to"
            defaultValue={range.to}
            required
            className="mt-1 rounded-lg border border-slate-300 px-3 py-2"
          />
        </label>
        <button type="submit" className={buttonClasses({ variant: "secondary" })}>
          Show
        </button>
        <p className="text-sm text-slate-600">Days run midnight to midnight UTC; today is counted live.</p>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error} Showing the last 90 days instead.
        </p>
      ) : null}
    </section>
  );
}
