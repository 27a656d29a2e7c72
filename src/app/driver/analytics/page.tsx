import type { Metadata } from "next";
import Link from "next/link";

import { ChartCard } from "~/components/analytics/chart-card";
import { formatCents, formatCount, formatRate } from "~/components/analytics/format";
import { LanesTable } from "~/components/analytics/lanes-table";
import { RangeForm } from "~/components/analytics/range-form";
import { readRange } from "~/components/analytics/read-range";
import { StatGrid } from "~/components/analytics/stat-grid";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import type { TSearchParamsRecord } from "~/components/ui/search-params";
import { formatDistance, METRES_PER_MILE } from "~/lib/units";
import { requirePageSession } from "~/server/auth/page-session";
import { viewerUnits } from "~/server/units";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Analytics" };

export default async function DriverAnalyticsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  const session = await requirePageSession(["DRIVER"], "/driver/analytics");
  const units = await viewerUnits(session.user.units);
  const perUnit = units === "us" ? "miles" : "km";
  const { range, error } = readRange(await searchParams);
  const a = await api.analytics.driver(range);
  const t = a.totals;
  const rating = a.rating.average === null ? "No ratings yet" : `${a.rating.average.toFixed(1)} / 5`;

  return (
    <>
      <PageHeader title="Analytics" description="Your earnings, miles, punctuality and best lanes." />
      <RangeForm path="/driver/analytics" range={range} error={error} />
      {t.accepted + t.delivered === 0 ? (
        <EmptyState
          title="No jobs in these dates"
          description="Once you accept and deliver loads, your earnings per week, loaded and empty miles, on-time rate and best lanes appear here."
          action={
            <Link href="/driver" className={buttonClasses()}>
              Find a load
            </Link>
          }
        />
      ) : (
        <>
          <StatGrid
            label="Summary"
            stats={[
              { label: "Earnings", value: formatCents(t.earningsCents) },
              { label: "Loads delivered", value: formatCount(t.delivered) },
              { label: `Loaded ${perUnit}`, value: formatDistance(t.loadedMiles * METRES_PER_MILE, units) },
              {
                label: `Empty ${perUnit} (estimate)`,
                value: formatDistance(t.deadheadMiles * METRES_PER_MILE, units),
                note: "Straight-line from your previous drop-off (same day) or your base.",
              },
              { label: "On-time pick-up", value: formatRate(t.onTimePickupRate) },
              { label: "On-time delivery", value: formatRate(t.onTimeDeliveryRate) },
              {
                label: "Rating",
                value: rating,
                note: `${formatCount(a.rating.count)} ${a.rating.count === 1 ? "review" : "reviews"}, all time`,
              },
              { label: "Loads accepted", value: formatCount(t.accepted) },
            ]}
          />
          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard
              id="earnings-week"
              title="Earnings per week"
              description="Pay for loads delivered, by week starting Monday."
              data={a.earningsByWeek}
              xKey="week"
              xLabel="Week of"
              series={[{ key: "earningsCents", label: "Earnings", color: "#047857" }]}
              unit="usd"
              empty="Earnings appear here once you deliver a load."
            />
            <ChartCard
              id="miles-week"
              title={`Loaded and empty ${perUnit}`}
              description={`Empty ${perUnit} are estimated: the straight line to each pick-up.`}
              data={a.earningsByWeek}
              xKey="week"
              xLabel="Week of"
              series={[
                { key: "loadedMiles", label: "Loaded", color: "#2563eb" },
                { key: "deadheadMiles", label: "Empty (estimate)", color: "#f59e0b" },
              ]}
              unit="miles"
              units={units}
              stacked
              empty="Miles appear here once you deliver a load."
            />
            <LanesTable
              id="best-lanes"
              title="Best lanes"
              lanes={a.bestLanes}
              money="Earnings"
              units={units}
              empty="Your lanes appear here once you deliver loads."
            />
          </div>
        </>
      )}
    </>
  );
}
