"use client";

import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { formatMoney } from "~/lib/money";
import { api, type RouterOutputs } from "~/trpc/react";

type TPlanInvoice = RouterOutputs["subscription"]["invoices"][number];

const STATUS: Record<TPlanInvoice["status"], { label: string; tone: "success" | "warning" | "neutral" | "danger" }> = {
  paid: { label: "Paid", tone: "success" },
  open: { label: "Due", tone: "warning" },
  draft: { label: "Draft", tone: "neutral" },
  void: { label: "Void", tone: "neutral" },
  uncollectible: { label: "Uncollectible", tone: "danger" },
};

/**
 * The shipper's plan invoices, listed from Stripe (newest first), each with a link to Stripe's hosted invoice page.
 * Renders nothing before a first plan invoice.
 */
export function PlanInvoices() {
  const invoices = api.subscription.invoices.useQuery();
  if (invoices.isPending) {
    return (
      <div className="h-16 animate-pulse rounded-lg bg-slate-100" aria-busy="true" aria-label="Loading plan invoices" />
    );
  }
  if (invoices.isError) {
    return (
      <Alert tone="error" title="Could not load your plan invoices">
        <p>{getErrorMessage(invoices.error)}</p>
        <div className="pt-2">
          <Button variant="secondary" size="sm" onClick={() => void invoices.refetch()}>
            Try again
          </Button>
        </div>
      </Alert>
    );
  }
  if (invoices.data.length === 0) return null;
  return (
    <section aria-labelledby="plan-invoices" className="space-y-3">
      <h2 id="plan-invoices" className="text-lg font-semibold">
        Plan invoices
      </h2>
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {invoices.data.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
            <div className="min-w-0 space-y-1">
              <p className="font-medium">{i.number ?? "Invoice"}</p>
              <p className="text-sm text-slate-600">
                <DateTime value={i.periodStart} format="date" /> to <DateTime value={i.periodEnd} format="date" />
              </p>
            </div>
            <div className="flex items-center gap-3">
              <span className="font-medium">{formatMoney(i.amountDueCents, i.currency)}</span>
              <Badge tone={STATUS[i.status].tone}>{STATUS[i.status].label}</Badge>
              {i.hostedInvoiceUrl ? (
                <a
                  href={i.hostedInvoiceUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-sm font-medium text-brand-700 underline"
                >
                  View invoice<span className="sr-only"> {i.number} (opens Stripe)</span>
                </a>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
