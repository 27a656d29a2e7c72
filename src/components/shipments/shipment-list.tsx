"use client";

import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";

import { UnreadCount } from "~/components/chat/unread-count";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { cx } from "~/components/ui/cx";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { SelectField, TextField } from "~/components/ui/field";
import { getErrorMessage } from "~/components/ui/form-errors";
import { LoadMore } from "~/components/ui/load-more";
import { Spinner } from "~/components/ui/spinner";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { formatMoney } from "~/lib/money";
import { shipmentStatuses, statusLabel } from "~/lib/shipment-state";
import { api, type RouterOutputs } from "~/trpc/react";
import { filtersToSearch, hasFilters, listInput, noFilters, parseListFilters, type TListFilters } from "./list-filters";
import { StatusBadge } from "./status-badge";

type TListItem = RouterOutputs["shipment"]["list"]["items"][number];

const statusOptions = shipmentStatuses.map((s) => ({ value: s, label: statusLabel[s] }));

/** "Your shipments": filters in the URL, keyset pages with "Load more", a table on wide screens and cards on phones. */
export function ShipmentList() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlKey = searchParams.toString();
  const filters = parseListFilters(searchParams);

  // The form edits a draft; it follows the URL when that changes elsewhere (a nav link, back/forward), but not
  // when the change is the one this form just made: by then the user may already be typing the next search.
  const [draft, setDraft] = useState<TListFilters>(filters);
  const [draftKey, setDraftKey] = useState(urlKey);
  const [ownKey, setOwnKey] = useState<string | null>(null);
  if (draftKey !== urlKey) {
    setDraftKey(urlKey);
    if (urlKey !== ownKey) setDraft(filters);
  }
  const [dateError, setDateError] = useState<string | null>(null);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const query = api.shipment.list.useInfiniteQuery(listInput(filters), {
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = hasFilters(filters);

  /** Updates the URL without a server round trip; the query follows the search params. */
  function apply(next: TListFilters) {
    clearTimeout(searchTimer.current);
    if (next.from && next.to && next.from > next.to) {
      setDateError("The end date must be on or after the start date.");
      return;
    }
    setDateError(null);
    const qs = filtersToSearch(next);
    setOwnKey(qs);
    window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
  }

  function change(patch: Partial<TListFilters>, when: "now" | "debounced" = "now") {
    const next = { ...draft, ...patch };
    setDraft(next);
    clearTimeout(searchTimer.current);
    if (when === "now") apply(next);
    if (when === "debounced") searchTimer.current = setTimeout(() => apply(next), 400);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(draft);
  }

  return (
    <div className="space-y-5">
      <form
        role="search"
        aria-label="Filter shipments"
        noValidate
        onSubmit={onSubmit}
        className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-start"
      >
        <TextField
          label="Search by reference or city"
          type="search"
          name="q"
          placeholder="e.g. TT-7K3F9Q or Chicago"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          className="col-span-2 sm:col-span-1"
          value={draft.search}
          onChange={(e) => change({ search: e.target.value }, "debounced")}
        />
        <SelectField
          label="Status"
          name="status"
          placeholder="All statuses"
          options={statusOptions}
          className="col-span-2 sm:col-span-1"
          value={draft.status}
          onChange={(e) => change({ status: e.target.value as ShipmentStatus | "" })}
        />
        <TextField
          label="Created from"
          type="date"
          name="from"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => change({ from: e.target.value })}
        />
        <TextField
          label="Created to"
          type="date"
          name="to"
          value={draft.to}
          min={draft.from || undefined}
          error={dateError}
          onChange={(e) => change({ to: e.target.value })}
        />
        <div className="col-span-2 flex gap-2 lg:col-span-1 lg:pt-7">
          <Button type="submit" variant="secondary">
            Search
          </Button>
          {hasFilters(draft) || filtered ? (
            <Button variant="ghost" onClick={() => change(noFilters)}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </form>

      <section aria-label="Shipments" aria-busy={query.isFetching || undefined}>
        {query.isPending ? (
          <ListSkeleton />
        ) : query.isError && items.length === 0 ? (
          <Alert tone="error" title="Could not load your shipments">
            <p>{getErrorMessage(query.error)}</p>
            <div className="pt-2">
              <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
                Try again
              </Button>
            </div>
          </Alert>
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No shipments match these filters"
              description="Try another status or date range, or clear the filters."
              action={
                <Button variant="secondary" onClick={() => change(noFilters)}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              title="No shipments yet"
              description="Post a load and drivers nearby can accept it. You can follow it live from here."
              action={
                <Link href="/shipper/new" className={buttonClasses()}>
                  Create your first shipment
                </Link>
              }
            />
          )
        ) : (
          <div className={cx("space-y-4 transition-opacity", query.isPlaceholderData && "opacity-60")}>
            <p className="flex items-center gap-2 text-sm text-slate-600" aria-live="polite">
              {query.isPlaceholderData ? (
                <>
                  <Spinner /> Updating…
                </>
              ) : (
                `Showing ${items.length} ${items.length === 1 ? "shipment" : "shipments"}${filtered ? " matching the filters" : ""}${query.hasNextPage ? "; more below" : ""}.`
              )}
            </p>
            <ShipmentTable items={items} />
            <ShipmentCards items={items} />
            {query.isError ? <Alert tone="error">{getErrorMessage(query.error)}</Alert> : null}
            <LoadMore query={query} />
          </div>
        )}
      </section>
    </div>
  );
}

function ShipmentTable({ items }: { items: readonly TListItem[] }) {
  return (
    <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Reference
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Route
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Pick-up from
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              Price
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((s) => (
            <tr key={s.id} className="hover:bg-slate-50">
              <th scope="row" className="px-4 py-3 font-semibold">
                <Link href={`/shipper/${s.id}`} className="text-brand-700 hover:underline">
                  {s.reference}
                </Link>
                <UnreadCount shipmentId={s.id} />
              </th>
              <td className="px-4 py-3">
                <StatusBadge status={s.status} />
              </td>
              <td className="px-4 py-3">
                {s.pickupCity} → {s.dropoffCity}
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                <DateTime value={s.pickupWindowStart} zone={s.pickupTimeZone} />
              </td>
              <td className="px-4 py-3 text-right whitespace-nowrap tabular-nums">
                {formatMoney(s.priceCents, s.currency)}
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                <DateTime value={s.createdAt} format="date" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ShipmentCards({ items }: { items: readonly TListItem[] }) {
  return (
    <ul className="space-y-3 md:hidden">
      {items.map((s) => (
        <li key={s.id}>
          <Link
            href={`/shipper/${s.id}`}
            className="block rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-500 active:bg-slate-50"
          >
            <span className="flex items-center justify-between gap-2">
              <span className="font-semibold text-brand-700">
                {s.reference}
                <UnreadCount shipmentId={s.id} />
              </span>
              <StatusBadge status={s.status} />
            </span>
            <span className="mt-1 block font-medium wrap-anywhere">
              {s.pickupCity} → {s.dropoffCity}
            </span>
            <span className="mt-1 flex flex-wrap justify-between gap-x-3 text-sm text-slate-600">
              <span>
                Pick-up <DateTime value={s.pickupWindowStart} zone={s.pickupTimeZone} />
              </span>
              <span className="font-medium text-slate-900 tabular-nums">{formatMoney(s.priceCents, s.currency)}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ListSkeleton() {
  return (
    <div aria-busy className="space-y-3">
      <Spinner label="Loading shipments…" />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="h-20 animate-pulse rounded-xl bg-slate-200 motion-reduce:animate-none md:h-12" />
      ))}
    </div>
  );
}
