"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { ReasonForm } from "~/components/forms/reason-form";
import { Alert } from "~/components/ui/alert";
import { Badge, type TBadgeTone } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { SelectField } from "~/components/ui/field";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import { formatMoney } from "~/lib/money";
import { type RouterOutputs, api } from "~/trpc/react";

export const PAYOUTS_PAGE_SIZE = 20;

type TPayout = RouterOutputs["adminPayouts"]["list"]["items"][number];
type TStatus = TPayout["status"];

const statusLabel: Record<TStatus, string> = { PENDING: "Pending", PAID: "Paid", FAILED: "Failed" };
const statusTone: Record<TStatus, TBadgeTone> = { PENDING: "warning", PAID: "success", FAILED: "danger" };

/** The page's own URL for a status filter and page. */
export function payoutsHref(opts: { status?: string; page?: number }): string {
  const params = new URLSearchParams();
  if (opts.status) params.set("status", opts.status);
  if (opts.page && opts.page > 1) params.set("page", String(opts.page));
  const q = params.toString();
  return q ? `/admin/payouts?${q}` : "/admin/payouts";
}

function PayoutRow({ payout, onChanged }: { payout: TPayout; onChanged: () => Promise<unknown> }) {
  const [retrying, setRetrying] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const retry = api.adminPayouts.retry.useMutation();
  const who = payout.driver.name ?? payout.driver.email;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone={statusTone[payout.status]}>{statusLabel[payout.status]}</Badge>
            <span className="text-sm text-slate-600">{payout.kind === "QUICK" ? "Quick pay" : "Weekly"}</span>
          </p>
          <p className="text-lg font-semibold">
            {formatMoney(payout.amountCents, payout.currency)}
            <span className="text-sm font-normal text-slate-600">
              {" "}
              to{" "}
              <Link href={`/admin/users/${payout.driver.id}`} className="font-medium text-brand-700 underline">
                {who}
              </Link>
              , {payout.loads} {payout.loads === 1 ? "load" : "loads"}
              {payout.feeCents > 0 ? `, fee ${formatMoney(payout.feeCents, payout.currency)}` : ""}
            </span>
          </p>
          {payout.lines.length > 0 ? (
            <ul className="space-y-0.5 text-sm" aria-label={`Lines of the payout to ${who}`}>
              {payout.lines.map((l) => (
                <li key={l.shipmentId} className="flex flex-wrap justify-between gap-x-4">
                  <Link href={`/admin/shipments/${l.shipmentId}`} className="text-brand-700 underline">
                    {l.label}
                  </Link>
                  <span className="tabular-nums">{formatMoney(l.amountCents, payout.currency)}</span>
                </li>
              ))}
              {payout.loads > payout.lines.length ? (
                <li className="text-slate-600">and {payout.loads - payout.lines.length} more</li>
              ) : null}
            </ul>
          ) : null}
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-700">
            <dt className="text-slate-500">Created</dt>
            <dd>
              <DateTime value={payout.createdAt} />
            </dd>
            {payout.paidAt ? (
              <>
                <dt className="text-slate-500">Paid</dt>
                <dd>
                  <DateTime value={payout.paidAt} />
                </dd>
              </>
            ) : null}
            <dt className="text-slate-500">Stripe transfer</dt>
            <dd className="font-mono wrap-anywhere">{payout.stripeTransferId ?? "none yet"}</dd>
            {payout.status === "FAILED" && payout.failureReason ? (
              <>
                <dt className="text-slate-500">Why it failed</dt>
                <dd className="wrap-anywhere text-red-800">{payout.failureReason}</dd>
              </>
            ) : null}
            {payout.status !== "PAID" && payout.driverSetupProblem ? (
              <>
                <dt className="text-slate-500">Driver</dt>
                <dd className="wrap-anywhere text-amber-800" data-testid="payout-driver-setup">
                  {payout.driverSetupProblem} Retry waits until Stripe can pay out to them.
                </dd>
              </>
            ) : null}
          </dl>
          {outcome ? (
            <p className="text-sm font-medium" role="status">
              {outcome}
            </p>
          ) : null}
        </div>
        {payout.status === "FAILED" && !retrying ? (
          <Button
            variant="primary"
            disabled={payout.driverSetupProblem !== null}
            title={payout.driverSetupProblem ?? undefined}
            onClick={() => setRetrying(true)}
          >
            Retry<span className="sr-only"> the payout to {who}</span>
          </Button>
        ) : null}
      </div>
      {retrying ? (
        <ReasonForm
          title={`Retry the ${formatMoney(payout.amountCents, payout.currency)} payout to ${who}?`}
          headingLevel={3}
          description="Stripe is asked for the transfer again, once however often this is sent. Who, when and why are recorded."
          hint="At least 3 characters, e.g. what was fixed."
          submitLabel="Retry payout"
          pendingLabel="Retrying…"
          keepLabel="Not now"
          variant="primary"
          className="mt-4 rounded-xl border border-slate-200 bg-slate-50 p-4"
          onKeep={() => setRetrying(false)}
          onSubmit={async (reason) => {
            const r = await retry.mutateAsync({ id: payout.id, reason });
            setRetrying(false);
            setOutcome(
              r.status === "PAID"
                ? "Paid: Stripe made the transfer."
                : r.status === "FAILED"
                  ? // Not always Stripe's word: a driver without a payout account fails before Stripe is asked.
                    `Failed again: ${r.failureReason ?? "no reason given"}`
                  : "Being sent by another retry; refresh in a moment.",
            );
            await onChanged();
          }}
        />
      ) : null}
    </li>
  );
}

/** Every payout, newest first, filtered by status and paged, each with a Retry for a failed one. */
export function PayoutsList({ status, page }: { status?: TStatus; page: number }) {
  const router = useRouter();
  const query = api.adminPayouts.list.useQuery({ status, page, pageSize: PAYOUTS_PAGE_SIZE });
  const options = (Object.keys(statusLabel) as TStatus[]).map((s) => ({ value: s, label: statusLabel[s] }));
  return (
    <div className="space-y-4">
      <div className="max-w-sm">
        <SelectField
          label="Status"
          placeholder="Every status"
          options={options}
          value={status ?? ""}
          onChange={(e) => router.push(payoutsHref({ status: e.target.value || undefined }))}
        />
      </div>
      {query.isPending ? (
        <Spinner label="Loading payouts…" />
      ) : query.isError ? (
        <Alert tone="error" title="Could not load the payouts">
          <p>{getErrorMessage(query.error)}</p>
          <p>
            <button type="button" className="font-semibold underline" onClick={() => void query.refetch()}>
              Try again
            </button>
          </p>
        </Alert>
      ) : query.data.items.length === 0 ? (
        <EmptyState
          title={status ? `No ${statusLabel[status].toLowerCase()} payouts` : "No payouts yet"}
          description="The Friday run and drivers' quick pay requests make payouts; they appear here with Stripe's answer."
          action={
            page > 1 || status ? (
              <Link href={payoutsHref({})} className="font-semibold text-brand-700 underline">
                See every payout
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {query.data.total} {query.data.total === 1 ? "payout" : "payouts"}, newest first. Page {query.data.page} of{" "}
            {query.data.pageCount}.
          </p>
          <ul className="space-y-3">
            {query.data.items.map((p) => (
              <PayoutRow key={p.id} payout={p} onChanged={() => query.refetch()} />
            ))}
          </ul>
          {query.data.pageCount > 1 ? (
            <nav aria-label="Payout pages" className="flex items-center justify-between gap-2">
              {page > 1 ? (
                <Link
                  href={payoutsHref({ status, page: page - 1 })}
                  className={buttonClasses({ variant: "secondary" })}
                >
                  Previous
                </Link>
              ) : (
                <span />
              )}
              {page < query.data.pageCount ? (
                <Link
                  href={payoutsHref({ status, page: page + 1 })}
                  className={buttonClasses({ variant: "secondary" })}
                >
                  Next
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
