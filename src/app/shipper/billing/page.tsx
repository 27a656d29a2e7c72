import type { Metadata } from "next";
import { Suspense } from "react";

import { InvoiceList, InvoiceListSkeleton } from "~/components/billing/invoice-list";
import { PlanInvoices } from "~/components/billing/plan-invoices";
import { PlanSection } from "~/components/billing/plan-section";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Billing" };

export default async function ShipperBillingPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  const session = await requirePageSession(["SHIPPER"], "/shipper/billing");
  await Promise.all([api.invoice.list.prefetchInfinite({}), api.subscription.plan.prefetch()]);

  return (
    <HydrateClient>
      <PageHeader
        title="Billing"
        description="Your plan, and an invoice for every shipment you paid for, numbered by year. Dates are in UTC, as on the invoices."
      />
      <div className="space-y-8">
        {/* useSearchParams (the return from checkout) needs a Suspense boundary. */}
        <Suspense
          fallback={<div className="h-40 animate-pulse rounded-xl bg-slate-100" aria-label="Loading your plan" />}
        >
          <PlanSection userId={session.user.id} />
        </Suspense>
        <PlanInvoices />
        <section aria-labelledby="shipment-invoices" className="space-y-3">
          <h2 id="shipment-invoices" className="text-lg font-semibold">
            Shipment invoices
          </h2>
          <Suspense fallback={<InvoiceListSkeleton />}>
            <InvoiceList />
          </Suspense>
        </section>
      </div>
    </HydrateClient>
  );
}
