import type { Metadata } from "next";
import Link from "next/link";

import { shipmentsHref } from "~/components/admin/ops/filters";
import { StatusBadge } from "~/components/shipments/status-badge";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { activeStatuses, shipmentStatuses, statusLabel } from "~/lib/shipment-state";
import { requirePageSession } from "~/server/auth/page-session";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Operations overview" };

const count = new Intl.NumberFormat("en-US");

export default async function AdminOverviewPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["ADMIN"], "/admin");
  const overview = await api.admin.overview();
  const total = Object.values(overview.counts).reduce((sum, n) => sum + n, 0);
  const inProgress = activeStatuses.reduce((sum, s) => sum + overview.counts[s], 0);

  const today = [
    { label: "Posted today", value: overview.postedToday },
    { label: "Delivered today", value: overview.deliveredToday },
    { label: "Drivers on a job", value: overview.activeDrivers },
    { label: "Loads in progress", value: inProgress },
  ];

  return (
    <>
      <PageHeader
        title="Operations overview"
        description="Where every shipment stands right now."
        actions={
          <Link href="/admin/shipments" className={buttonClasses({ variant: "secondary" })}>
            All shipments
          </Link>
        }
      />

      <div className="space-y-8">
        <section aria-labelledby="today-heading" className="space-y-3">
          <div>
            <h2 id="today-heading" className="text-xl font-semibold">
              Today
            </h2>
            <p className="text-sm text-slate-600">Since midnight UTC.</p>
          </div>
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            {today.map((s) => (
              <div key={s.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <dt className="text-sm text-slate-600">{s.label}</dt>
                <dd className="mt-1 text-3xl font-bold tabular-nums">{count.format(s.value)}</dd>
              </div>
            ))}
          </dl>
        </section>

        <section aria-labelledby="status-heading" className="space-y-3">
          <div>
            <h2 id="status-heading" className="text-xl font-semibold">
              Shipments by status
            </h2>
            <p className="text-sm text-slate-600">
              {count.format(total)} shipments in total. Choose a status to see them.
            </p>
          </div>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {shipmentStatuses.map((status) => (
              <li key={status}>
                <Link
                  href={shipmentsHref({ status })}
                  className="flex h-full min-h-24 flex-col justify-between gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-500 hover:bg-brand-50"
                >
                  <StatusBadge status={status} className="self-start" />
                  <span className="text-3xl font-bold tabular-nums">
                    {count.format(overview.counts[status])}
                    <span className="sr-only"> {statusLabel[status].toLowerCase()} shipments</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
