import type { Metadata } from "next";
import Link from "next/link";

import { DeliveredHistory } from "~/components/driver/delivered-history";
import { PayoutAccountPanel, PayoutsPanel } from "~/components/driver/payouts";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { formatMoney } from "~/lib/money";
import { formatDistance } from "~/lib/units";
import { requirePageSession } from "~/server/auth/page-session";
import { viewerUnits } from "~/server/units";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Earnings" };

const count = new Intl.NumberFormat("en-US");

export default async function DriverEarningsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  const session = await requirePageSession(["DRIVER"], "/driver/earnings");
  const units = await viewerUnits(session.user.units);
  const [earnings, history, account, payouts, params] = await Promise.all([
    api.driver.earnings(),
    api.driver.history({}),
    api.payout.account(),
    api.payout.list(),
    searchParams,
  ]);
  // Back from Stripe's onboarding page (account link return_url / refresh_url).
  const onboarding = params.onboarding === "return" || params.onboarding === "refresh" ? params.onboarding : null;

  const stats = [
    { label: "Total earned", value: formatMoney(earnings.totalCents, earnings.currency), strong: true },
    {
      label: "Last 7 days",
      value: formatMoney(earnings.weekCents, earnings.currency),
      note: `${count.format(earnings.weekLoads)} ${earnings.weekLoads === 1 ? "load" : "loads"}`,
    },
    { label: "Loads delivered", value: count.format(earnings.totalLoads) },
    { label: "Distance driven", value: formatDistance(earnings.totalKm * 1000, units) },
  ];

  return (
    <>
      <PageHeader
        title="Earnings"
        description="Your pay for delivered loads, and the cancellation fee (TONU) when a shipper cancels a load you accepted."
      />
      <section aria-labelledby="summary-heading" className="mb-8">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {stats.map((s) => (
            <div key={s.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <dt className="text-sm text-slate-600">{s.label}</dt>
              <dd className={s.strong ? "mt-1 text-2xl font-bold text-emerald-800" : "mt-1 text-2xl font-bold"}>
                {s.value}
              </dd>
              {s.note ? <dd className="text-sm text-slate-600">{s.note}</dd> : null}
            </div>
          ))}
        </dl>
      </section>

      <div className="mb-8 space-y-6">
        <PayoutAccountPanel onboarding={onboarding} initial={account} />
        <PayoutsPanel initial={payouts} initialAccount={account} />
      </div>

      <section aria-labelledby="loads-heading" className="space-y-3">
        <h2 id="loads-heading" className="text-xl font-semibold">
          Delivered loads
        </h2>
        {history.items.length === 0 ? (
          <EmptyState
            title="No deliveries yet"
            description="Deliver your first load and your pay shows up here."
            action={
              <Link href="/driver" className={buttonClasses()}>
                Find a load
              </Link>
            }
          />
        ) : (
          <DeliveredHistory initial={history} total={earnings.totalLoads} />
        )}
      </section>
    </>
  );
}
