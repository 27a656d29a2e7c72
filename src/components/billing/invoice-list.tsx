"use client";

import Link from "next/link";

import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { getErrorMessage } from "~/components/ui/form-errors";
import { LoadMore } from "~/components/ui/load-more";
import { Spinner } from "~/components/ui/spinner";
import { formatMoney } from "~/lib/money";
import { api, type RouterOutputs } from "~/trpc/react";

type TInvoice = RouterOutputs["invoice"]["list"]["items"][number];

/** The invoice's dates are UTC (services/invoices/invoice-number.ts INVOICE_TIME_ZONE): the list says the same. */
const INVOICE_ZONE = "UTC";

function RefundBadge({ invoice }: { invoice: TInvoice }) {
  const r = invoice.refund;
  if (r.kind === "refunded") {
    return (
      <Badge tone="neutral">{r.full ? "Refunded" : `Refunded ${formatMoney(r.refundedCents, invoice.currency)}`}</Badge>
    );
  }
  if (r.kind === "pending") return <Badge tone="warning">Refund pending</Badge>;
  if (r.kind === "failed") return <Badge tone="danger">Refund failed</Badge>;
  return <Badge tone="success">Paid</Badge>;
}

/** The shipper's invoices, newest first, a "Load more" page at a time; each row downloads its PDF. */
export function InvoiceList() {
  const query = api.invoice.list.useInfiniteQuery({}, { getNextPageParam: (last) => last.nextCursor });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  if (query.isPending) return <InvoiceListSkeleton />;
  if (query.isError && items.length === 0) {
    return (
      <Alert tone="error" title="Could not load your invoices">
        <p>{getErrorMessage(query.error)}</p>
        <div className="pt-2">
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      </Alert>
    );
  }
  if (items.length === 0) {
    return (
      <EmptyState
        title="No invoices yet"
        description="When you pay to post a shipment, its invoice appears here, ready to download as a PDF."
        action={
          <Link href="/shipper/new" className={buttonClasses()}>
            Create a shipment
          </Link>
        }
      />
    );
  }
  return (
    <section aria-label="Invoices" className="space-y-4">
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
        {items.map((inv) => (
          <li
            key={inv.id}
            className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
            data-testid="invoice-row"
          >
            <div className="min-w-0 space-y-1">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold tabular-nums">{inv.number}</span>
                <RefundBadge invoice={inv} />
              </p>
              <p className="text-sm text-slate-600">
                <DateTime value={inv.issuedAt} zone={INVOICE_ZONE} /> · Shipment{" "}
                <Link href={`/shipper/${inv.shipmentId}`} className="text-brand-700 hover:underline">
                  {inv.reference}
                </Link>
              </p>
            </div>
            <div className="flex items-center justify-between gap-4 sm:justify-end">
              <span className="font-semibold tabular-nums">{formatMoney(inv.totalCents, inv.currency)}</span>
              <a
                href={`/api/invoices/${inv.id}/pdf`}
                download={`${inv.number}.pdf`}
                className={buttonClasses({ variant: "secondary", size: "sm" })}
                aria-label={`Download invoice ${inv.number} as PDF`}
              >
                Download PDF
              </a>
            </div>
          </li>
        ))}
      </ul>
      {query.isError ? <Alert tone="error">{getErrorMessage(query.error)}</Alert> : null}
      <LoadMore query={query} />
    </section>
  );
}

export function InvoiceListSkeleton() {
  return (
    <div aria-busy className="space-y-3">
      <Spinner label="Loading invoices…" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-16 animate-pulse rounded-xl bg-slate-200 motion-reduce:animate-none" />
      ))}
    </div>
  );
}
