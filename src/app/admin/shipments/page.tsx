import type { Metadata } from "next";
import Link from "next/link";

import {
  parseShipmentFilters,
  shipmentsHref,
  shipmentsInput,
  SHIPMENTS_PAGE_SIZE,
} from "~/components/admin/ops/filters";
import { ShipmentFilters } from "~/components/admin/ops/shipment-filters";
import { ShipmentsTable } from "~/components/admin/ops/shipments-table";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { Pagination } from "~/components/ui/pagination";
import { type TSearchParamsRecord, toURLSearchParams } from "~/components/ui/search-params";
import { statusLabel } from "~/lib/shipment-state";
import { requirePageSession } from "~/server/auth/page-session";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Shipments" };

const count = new Intl.NumberFormat("en-US");

export default async function AdminShipmentsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["ADMIN"], "/admin/shipments");
  const filters = parseShipmentFilters(toURLSearchParams(await searchParams));
  const result = await api.admin.shipments(shipmentsInput(filters));
  const filtered = !!(filters.status || filters.q);

  const what = [filters.status ? statusLabel[filters.status].toLowerCase() : null, "shipments"]
    .filter(Boolean)
    .join(" ");
  const matching = filters.q ? ` matching “${filters.q}”` : "";
  const first = result.offset + 1;
  const last = first + result.items.length - 1;

  return (
    <>
      <PageHeader
        title="Shipments"
        description="Every shipment on the marketplace, newest first."
        back={{ href: "/admin", label: "Overview" }}
      />
      <div className="space-y-4">
        <ShipmentFilters key={`${filters.status ?? ""}|${filters.q}`} filters={filters} />

        {result.items.length === 0 ? (
          result.total > 0 ? (
            // A cursor past the end (its rows were cancelled and purged, or the link is old): start over.
            <EmptyState
              title="There are no more shipments here"
              description={`${count.format(result.total)} ${what}${matching} in all.`}
              action={
                <Link
                  href={shipmentsHref({ status: filters.status, q: filters.q })}
                  className="font-semibold text-brand-700 underline"
                >
                  Go to the first page
                </Link>
              }
            />
          ) : (
            <EmptyState
              title={filtered ? "No shipments match these filters" : "No shipments yet"}
              description={
                filtered
                  ? "Try another status or search, or clear the filters."
                  : "Shipments appear here as soon as shippers create them."
              }
              action={
                filtered ? (
                  <Link href="/admin/shipments" className="font-semibold text-brand-700 underline">
                    Clear filters
                  </Link>
                ) : undefined
              }
            />
          )
        ) : (
          <>
            <p role="status" className="text-sm text-slate-600">
              Showing {count.format(first)}–{count.format(last)} of {count.format(result.total)} {what}
              {matching}.
            </p>
            <ShipmentsTable
              rows={result.items}
              caption={`${what[0]?.toUpperCase() ?? ""}${what.slice(1)}${matching}, ${count.format(first)} to ${count.format(last)} of ${count.format(result.total)}`}
            />
            <Pagination
              previousHref={
                result.previousCursor
                  ? shipmentsHref({ status: filters.status, q: filters.q, before: result.previousCursor })
                  : null
              }
              nextHref={
                result.nextCursor
                  ? shipmentsHref({ status: filters.status, q: filters.q, after: result.nextCursor })
                  : null
              }
              first={first}
              count={result.items.length}
              total={result.total}
              pageSize={SHIPMENTS_PAGE_SIZE}
              label="Shipment pages"
            />
          </>
        )}
      </div>
    </>
  );
}
