import type { Metadata } from "next";
import Link from "next/link";

import { ChartCard } from "~/components/analytics/chart-card";
import { formatCents, formatCount, formatDuration, formatRate } from "~/components/analytics/format";
import { LanesTable } from "~/components/analytics/lanes-table";
import { RangeForm } from "~/components/analytics/range-form";
import { readRange } from "~/components/analytics/read-range";
import { StatGrid } from "~/components/analytics/stat-grid";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import type { TSearchParamsRecord } from "~/components/ui/search-params";
import { statusLabel } from "~/lib/shipment-state";
import { requirePageSession } from "~/server/auth/page-session";
import { viewerUnits } from "~/server/units";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Analytics" };

const SPEND = [{ key: "spendCents", label: "Spend", color: "#2563eb" }];

export default async function ShipperAnalyticsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  const session = await requirePageSession(["SHIPPER"], "/shipper/analytics");
  const units = await viewerUnits(session.user.units);
  const { range, error } = readRange(await searchParams);
  const a = await api.analytics.shipper(range);
  const t = a.totals;
  const nothing = t.posted + t.accepted + t.delivered + t.cancelled === 0 && a.byStatus.length === 0;

  return (
    <>
      <PageHeader
        title="Analytics"
        description="What you spent, how your loads moved and your busiest lanes."
        actions={
          <a href="/api/exports/shipments" download className={buttonClasses({ variant: "secondary" })}>
            Download all shipments (CSV)
          </a>
        }
      />
      <RangeForm path="/shipper/analytics" range={range} error={error} />
      {nothing ? (
        <EmptyState
          title="No shipments in these dates"
          description="Once your loads are posted and delivered, your spend per week and month, on-time rates, time to find a driver and top lanes appear here."
          action={
            <Link href="/shipper/new" className={buttonClasses()}>
              Post a shipment
            </Link>
          }
        />
      ) : (
        <>
          <StatGrid
            label="Summary"
            stats={[
              { label: "Spend (delivered loads)", value: formatCents(t.spendCents) },
              { label: "Loads delivered", value: formatCount(t.delivered) },
              { label: "On-time pick-up", value: formatRate(t.onTimePickupRate) },
              { label: "On-time delivery", value: formatRate(t.onTimeDeliveryRate) },
              { label: "Average time to find a driver", value: formatDuration(t.avgFillSeconds) },
              { label: "Loads posted", value: formatCount(t.posted) },
              { label: "Loads accepted by a driver", value: formatCount(t.accepted) },
              { label: "Loads cancelled", value: formatCount(t.cancelled) },
            ]}
          />
          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard
              id="spend-week"
              title="Spend per week"
              description="Price of loads delivered, by week starting Monday."
              data={a.spendByWeek}
              xKey="week"
              xLabel="Week of"
              series={SPEND}
              unit="usd"
              empty="Spend appears here once a load is delivered."
            />
            <ChartCard
              id="spend-month"
              title="Spend per month"
              data={a.spendByMonth}
              xKey="month"
              xLabel="Month"
              series={SPEND}
              unit="usd"
              empty="Spend appears here once a load is delivered."
            />
            <ChartCard
              id="by-status"
              title="Shipments by status"
              description="Shipments created in these dates, by where they stand now."
              data={a.byStatus.map((s) => ({ status: statusLabel[s.status], count: s.count }))}
              xKey="status"
              xLabel="Status"
              dates={false}
              series={[{ key: "count", label: "Shipments", color: "#0f766e" }]}
              unit="count"
              empty="Shipments you create in these dates appear here."
            />
            <LanesTable
              id="top-lanes"
              title="Top lanes"
              lanes={a.topLanes}
              money="Spend"
              units={units}
              empty="Your lanes appear here once loads are delivered."
            />
          </div>
        </>
      )}
    </>
  );
}
