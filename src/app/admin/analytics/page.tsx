import type { Metadata } from "next";

import { ChartCard } from "~/components/analytics/chart-card";
import { formatCents, formatCount, formatDuration, formatRate } from "~/components/analytics/format";
import { RangeForm } from "~/components/analytics/range-form";
import { readRange } from "~/components/analytics/read-range";
import { StatGrid, type TStat } from "~/components/analytics/stat-grid";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import type { TSearchParamsRecord } from "~/components/ui/search-params";
import { requirePageSession } from "~/server/auth/page-session";
import type { TPlatformTotals } from "~/server/services/analytics/platform-analytics";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Platform analytics" };

const figures: { label: string; show: (t: TPlatformTotals) => string }[] = [
  { label: "Gross merchandise value", show: (t) => formatCents(t.gmvCents) },
  { label: "Platform revenue", show: (t) => formatCents(t.revenueCents) },
  { label: "Take rate", show: (t) => formatRate(t.takeRate) },
  { label: "Loads delivered", show: (t) => formatCount(t.delivered) },
  { label: "Loads posted", show: (t) => formatCount(t.posted) },
  { label: "Loads accepted", show: (t) => formatCount(t.accepted) },
  { label: "Loads cancelled", show: (t) => formatCount(t.cancelled) },
  { label: "Average time to fill", show: (t) => formatDuration(t.avgFillSeconds) },
  { label: "On-time pick-up", show: (t) => formatRate(t.onTimePickupRate) },
  { label: "On-time delivery", show: (t) => formatRate(t.onTimeDeliveryRate) },
  { label: "Active drivers", show: (t) => formatCount(t.activeDrivers) },
  { label: "Active shippers", show: (t) => formatCount(t.activeShippers) },
];

export default async function AdminAnalyticsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  await requirePageSession(["ADMIN"], "/admin/analytics");
  const { range, error } = readRange(await searchParams);
  const a = await api.analytics.admin(range);
  const stats: TStat[] = figures.map((f) => ({
    label: f.label,
    value: f.show(a.totals),
    previous: f.show(a.previousTotals),
  }));
  const t = a.totals;
  const empty = t.posted + t.accepted + t.delivered + t.cancelled === 0;

  return (
    <>
      <PageHeader
        title="Platform analytics"
        description={`Money, volume and service for ${a.range.from} to ${a.range.to}, compared with ${a.previous.from} to ${a.previous.to}.`}
      />
      <RangeForm path="/admin/analytics" range={range} error={error} />
      {empty ? (
        <EmptyState
          title="No activity in these dates"
          description="GMV, revenue, loads posted, accepted and delivered per day, time to fill, on-time rates and cancellations appear here once shippers post loads."
        />
      ) : null}
      <StatGrid label="Summary with the previous period" stats={stats} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          id="per-day"
          title="Loads posted, accepted and delivered per day"
          data={empty ? [] : a.perDay}
          xKey="day"
          xLabel="Day"
          kind="line"
          series={[
            { key: "posted", label: "Posted", color: "#2563eb" },
            { key: "accepted", label: "Accepted", color: "#f59e0b" },
            { key: "delivered", label: "Delivered", color: "#047857" },
          ]}
          unit="count"
          empty="Daily volumes appear here once loads are posted."
        />
        <ChartCard
          id="cancellations"
          title="Cancellations by reason"
          description="With the previous period's count."
          data={a.cancellations.map((c) => ({ reason: c.reason, count: c.count, previousCount: c.previousCount }))}
          xKey="reason"
          xLabel="Reason"
          dates={false}
          series={[
            { key: "count", label: "These dates", color: "#b91c1c" },
            { key: "previousCount", label: "Previous period", color: "#94a3b8" },
          ]}
          unit="count"
          empty="No loads were cancelled in these dates."
        />
      </div>
    </>
  );
}
