import type { Metadata } from "next";
import { Suspense } from "react";

import { InvoiceList, InvoiceListSkeleton } from "~/components/billing/invoice-list";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Billing" };

export default async function ShipperBillingPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["SHIPPER"], "/shipper/billing");
  await api.invoice.list.prefetchInfinite({});

  return (
    <HydrateClient>
      <PageHeader
        title="Billing"
        description="An invoice for every shipment you paid for, numbered by year. Dates are in UTC, as on the invoices."
      />
      <Suspense fallback={<InvoiceListSkeleton />}>
        <InvoiceList />
      </Suspense>
    </HydrateClient>
  );
}
