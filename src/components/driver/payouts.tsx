"use client";

// The payout half of a driver's Earnings page: the Stripe payout account (set up, what is missing, enabled), the
// completed loads waiting for Friday with quick pay (fee shown before confirming), the cancellation fees (TONU) owed
// for loads cancelled after the driver accepted (paid on Friday, no quick pay), and the payouts made, with their
// state and lines. Amounts arrive in cents and are shown in USD; instants in the viewer's zone.
import { useEffect, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Badge, type TBadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { Spinner } from "~/components/ui/spinner";
import { formatMoney } from "~/lib/money";
import { api, type RouterOutputs } from "~/trpc/react";

type TOnboarding = "return" | "refresh" | null;

/** While coming back from Stripe's onboarding page: re-read the account, then poll until the webhook lands. */
const POLL_MS = 2_000;
const POLL_FOR_MS = 60_000;

type TAccount = RouterOutputs["payout"]["account"];

/** `initial`: the account as the server rendered it (then kept fresh by the query). */
export function PayoutAccountPanel({ onboarding, initial }: { onboarding: TOnboarding; initial: TAccount }) {
  const utils = api.useUtils();
  const [polling, setPolling] = useState(onboarding === "return" && !initial.payoutsEnabled);
  const account = api.payout.account.useQuery(undefined, {
    initialData: initial,
    refetchInterval: polling ? POLL_MS : false,
  });
  const refresh = api.payout.refreshAccount.useMutation({
    onSuccess: (data) => utils.payout.account.setData(undefined, data),
  });
  const onboard = api.payout.onboard.useMutation({
    onSuccess: ({ url }) => window.location.assign(url),
  });

  const refreshNow = refresh.mutate;
  useEffect(() => {
    if (onboarding !== "return") return;
    refreshNow();
    const stop = setTimeout(() => setPolling(false), POLL_FOR_MS);
    return () => clearTimeout(stop);
  }, [onboarding, refreshNow]);
  useEffect(() => {
    if (account.data?.payoutsEnabled) setPolling(false);
  }, [account.data?.payoutsEnabled]);

  if (account.isPending) return <Spinner label="Loading your payout account…" />;
  if (account.isError) {
    return (
      <Alert tone="error" title="Could not load your payout account">
        {account.error.message}
      </Alert>
    );
  }
  const a = account.data;
  if (!a.configured) {
    return (
      <Card title="Payouts">
        <Alert tone="info">Payouts are not available right now. Your earnings are kept and paid once they are.</Alert>
      </Card>
    );
  }
  if (a.payoutsEnabled) {
    return (
      <Card title="Payouts">
        <Alert tone="success" title="Payouts enabled">
          Completed loads with proof of delivery are paid every Friday at 9:00 AM Central Time, to the bank account you
          gave Stripe.
        </Alert>
      </Card>
    );
  }
  return (
    <Card
      title="Set up payouts"
      description="We pay through Stripe. Stripe needs a few details before it can send money to your bank."
    >
      <div className="space-y-4">
        {onboarding === "refresh" ? (
          <Alert tone="warning">Your setup link expired or was already used. Continue with a new one.</Alert>
        ) : null}
        {polling ? <Spinner label="Checking your payout account with Stripe…" /> : null}
        <Alert tone="warning" title="What is missing">
          <ul className="list-disc space-y-1 pl-5" aria-label="Missing for payouts">
            {a.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
        {onboard.error ? <Alert tone="error">{onboard.error.message}</Alert> : null}
        <Button
          onClick={() => onboard.mutate()}
          pending={onboard.isPending || onboard.isSuccess}
          pendingLabel="Opening Stripe…"
        >
          {a.hasAccount ? "Continue setup with Stripe" : "Set up payouts with Stripe"}
        </Button>
      </div>
    </Card>
  );
}

type TList = RouterOutputs["payout"]["list"];
type TUnpaid = TList["unpaid"][number];
type TPayout = TList["payouts"][number];

const statusTone: Record<TPayout["status"], TBadgeTone> = { PAID: "success", PENDING: "warning", FAILED: "danger" };
const statusLabel: Record<TPayout["status"], string> = { PAID: "Paid", PENDING: "Sending", FAILED: "Failed" };

function QuickPay({ load, enabled }: { load: TUnpaid; enabled: boolean }) {
  const utils = api.useUtils();
  const [confirming, setConfirming] = useState(false);
  const quickPay = api.payout.quickPay.useMutation({
    onSettled: () => utils.payout.list.invalidate(),
  });
  const feePercent = `${((load.quickPayFeeCents / Math.max(load.grossCents, 1)) * 100).toFixed(0)}%`;
  if (!enabled) return null;
  if (!confirming) {
    return (
      <Button size="sm" variant="secondary" onClick={() => setConfirming(true)}>
        Quick pay
      </Button>
    );
  }
  return (
    <div
      className="w-full space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
      role="group"
      aria-label={`Quick pay ${load.reference}`}
    >
      <p>
        Get <strong>{formatMoney(load.quickPayNetCents, load.currency)}</strong> now instead of{" "}
        {formatMoney(load.grossCents, load.currency)} on Friday. Our quick pay fee is{" "}
        {formatMoney(load.quickPayFeeCents, load.currency)} (about {feePercent}).
      </p>
      {quickPay.error ? <Alert tone="error">{quickPay.error.message}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          onClick={() => quickPay.mutate({ shipmentId: load.shipmentId, feeCents: load.quickPayFeeCents })}
          pending={quickPay.isPending}
          pendingLabel="Paying…"
        >
          Confirm: pay me {formatMoney(load.quickPayNetCents, load.currency)}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setConfirming(false)} disabled={quickPay.isPending}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** `initial` / `initialAccount`: what the server rendered (then kept fresh by the queries). */
export function PayoutsPanel({ initial, initialAccount }: { initial: TList; initialAccount: TAccount }) {
  const list = api.payout.list.useQuery(undefined, { initialData: initial });
  const account = api.payout.account.useQuery(undefined, { initialData: initialAccount });
  if (list.isPending) return <Spinner label="Loading your payouts…" />;
  if (list.isError)
    return (
      <Alert tone="error" title="Could not load your payouts">
        {list.error.message}
      </Alert>
    );
  const { unpaid, unpaidFees, payouts, nextRunAt } = list.data;
  const enabled = account.data?.payoutsEnabled ?? false;

  return (
    <div className="space-y-6">
      <Card
        title="Waiting to be paid"
        description={
          <>
            Paid in the weekly run on <DateTime value={nextRunAt} />, or now with quick pay.
          </>
        }
      >
        {unpaid.length === 0 && unpaidFees.length === 0 ? (
          <p className="text-sm text-slate-600">No completed loads waiting for payment.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Loads waiting to be paid">
            {unpaid.map((load) => (
              <li key={load.shipmentId} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="font-medium">{load.reference}</p>
                  <p className="text-sm text-slate-600">
                    {load.pickupCity} <span aria-hidden>→</span>
                    <span className="sr-only"> to </span> {load.dropoffCity}
                    {load.completedAt ? (
                      <>
                        {" · completed "}
                        <DateTime value={load.completedAt} format="date" />
                      </>
                    ) : null}
                  </p>
                </div>
                <span className="font-semibold text-emerald-800 tabular-nums">
                  {formatMoney(load.grossCents, load.currency)}
                </span>
                <QuickPay load={load} enabled={enabled} />
              </li>
            ))}
            {unpaidFees.map((fee) => (
              <li key={fee.shipmentId} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="font-medium">{fee.label}</p>
                  <p className="text-sm text-slate-600">
                    {fee.pickupCity} <span aria-hidden>→</span>
                    <span className="sr-only"> to </span> {fee.dropoffCity}
                    {" · cancelled by the shipper "}
                    <DateTime value={fee.cancelledAt} format="date" />
                  </p>
                </div>
                <span className="font-semibold text-emerald-800 tabular-nums">
                  {formatMoney(fee.amountCents, fee.currency)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <section aria-labelledby="payouts-heading" className="space-y-3">
        <h2 id="payouts-heading" className="text-xl font-semibold">
          Payouts
        </h2>
        {payouts.length === 0 ? (
          <EmptyState
            title="No payouts yet"
            description="Completed loads with proof of delivery are paid every Friday. Your payouts show up here."
          />
        ) : (
          <ul className="space-y-3" aria-label="Payouts">
            {payouts.map((p) => (
              <li key={p.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold">{p.kind === "QUICK" ? "Quick pay" : "Weekly payout"}</span>
                    <Badge tone={statusTone[p.status]}>{statusLabel[p.status]}</Badge>
                  </div>
                  <span className="text-lg font-bold tabular-nums">{formatMoney(p.amountCents, p.currency)}</span>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {p.paidAt ? (
                    <>
                      Paid <DateTime value={p.paidAt} />
                    </>
                  ) : (
                    <>
                      Created <DateTime value={p.createdAt} />
                    </>
                  )}
                  {p.feeCents > 0 ? ` · quick pay fee ${formatMoney(p.feeCents, p.currency)}` : null}
                </p>
                {p.status === "FAILED" && p.failureReason ? (
                  <Alert tone="error" className="mt-2" title="Not paid yet: we retry on Friday">
                    {p.failureReason}
                  </Alert>
                ) : null}
                <ul className="mt-3 space-y-1 text-sm" aria-label="Loads in this payout">
                  {p.items.map((i) => (
                    <li key={i.id} className="flex flex-wrap justify-between gap-2">
                      <span>
                        {i.label} · {i.pickupCity} → {i.dropoffCity}
                      </span>
                      <span className="tabular-nums">{formatMoney(i.amountCents, p.currency)}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
