import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { ListSkeleton, ShipmentList } from "~/components/shipments/shipment-list";
import { listInput, parseListFilters } from "~/components/shipments/list-filters";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { type TSearchParamsRecord, toURLSearchParams } from "~/components/ui/search-params";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Your shipments" };

export default async function ShipperShipmentsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["SHIPPER"], "/shipper");
  const filters = parseListFilters(toURLSearchParams(await searchParams));
  // The first page is awaited so the server render and hydration show the same list. Date filters mean "the
  // viewer's day", and only the browser knows its time zone: those lists load there (both renders show the skeleton).
  if (!filters.from && !filters.to) await api.shipment.list.prefetchInfinite(listInput(filters));

  return (
    <HydrateClient>
      <PageHeader
        title="Your shipments"
        description="Everything you have posted or drafted, newest first."
        actions={
          <Link href="/shipper/new" className={buttonClasses()}>
            New shipment
          </Link>
        }
      />
      <Suspense fallback={<ListSkeleton />}>
        <ShipmentList />
      </Suspense>
    </HydrateClient>
  );
}
