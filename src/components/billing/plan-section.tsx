"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { useChannel } from "~/components/realtime/realtime-provider";
import { formatMoney } from "~/lib/money";
import { REALTIME_EVENTS, userChannel } from "~/lib/realtime";
import type { TPlanId } from "~/lib/plans";
import { api, type RouterOutputs } from "~/trpc/react";

type TOverview = RouterOutputs["subscription"]["plan"];

/** How often the page re-reads the plan while it waits for Stripe's webhook after checkout (ms). */
const WAIT_POLL_MS = 1_500;
/** How long it waits before saying the plan is still on its way (ms). */
const WAIT_LIMIT_MS = 60_000;

const feePercent = (bps: number) => `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} %`;
const limitText = (limit: number | null) => (limit === null ? "Unlimited shipments" : `${limit} shipments a month`);

/** Why a paid plan is not in force, and what to do about it. */
function PlanBanner({ overview }: { overview: TOverview }) {
  const sub = overview.subscription;
  if (!sub || !overview.banner) return null;
  const name = overview.plans.find((p) => p.id === sub.plan)?.name ?? sub.plan;
  if (overview.banner === "past_due") {
    return (
      <Alert tone="error" title={`Your ${name} plan is past due`}>
        <p>
          The last payment for your {name} plan failed, so your account runs on the Free plan&apos;s limits and fee
          until it is paid. Use Manage billing to update your card; the open invoice is charged again straight away.
        </p>
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title={`Your ${name} plan has ended`}>
      <p>
        Your {name} plan was cancelled, so you are on the Free plan:{" "}
        {limitText(overview.plans[0]?.monthlyShipmentLimit ?? null).toLowerCase()} and a{" "}
        {feePercent(overview.plans[0]?.platformFeeBps ?? 0)} platform fee. Choose a plan below to upgrade again.
      </p>
    </Alert>
  );
}

/** The plan in force: its name, state, renewal or end date, and this month's usage against its limit. */
function CurrentPlan({ overview }: { overview: TOverview }) {
  const plan = overview.plans.find((p) => p.id === overview.plan)!;
  const sub = overview.subscription;
  const live = sub && overview.plan !== "FREE";
  return (
    <div className="space-y-2" data-testid="current-plan">
      <p className="flex flex-wrap items-center gap-2 text-base">
        <span>
          Current plan: <strong>{plan.name}</strong>
        </span>
        {live ? <Badge tone="success">Active</Badge> : null}
        {live && sub.cancelAtPeriodEnd ? <Badge tone="warning">Cancels at period end</Badge> : null}
      </p>
      <p className="text-sm text-slate-600">
        {limitText(plan.monthlyShipmentLimit)}, {feePercent(plan.platformFeeBps)} platform fee on each shipment.
      </p>
      {live ? (
        <p className="text-sm text-slate-600">
          {sub.cancelAtPeriodEnd ? "Ends on " : "Renews on "}
          <DateTime value={sub.currentPeriodEnd} format="date" />.
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        Posted this month (UTC): <strong>{overview.usage.posted}</strong>
        {overview.usage.limit === null ? "" : ` of ${overview.usage.limit}`}.
      </p>
    </div>
  );
}

/**
 * The plan section of /shipper/billing: current plan and usage, a banner when a paid plan is past due or ended,
 * upgrade buttons (Stripe Checkout in subscription mode) and "Manage billing" (the Stripe Billing Portal). After the
 * return from checkout (`?checkout=success`) it re-reads the plan until the webhook has made it live, and whenever
 * the `plan` hint arrives on the shipper's user channel (`userId`'s): back from the Billing Portal, or a switch in
 * another tab, the page updates without a reload.
 */
export function PlanSection({ userId }: { userId: string }) {
  const params = useSearchParams();
  const returned = params.get("checkout");
  const [waitingSince] = useState(() => (returned === "success" ? Date.now() : null));
  const overview = api.subscription.plan.useQuery(undefined, {
    refetchInterval: (q) =>
      waitingSince !== null && q.state.data?.plan === "FREE" && Date.now() - waitingSince < WAIT_LIMIT_MS
        ? WAIT_POLL_MS
        : false,
  });
  const checkout = api.subscription.checkout.useMutation({ onSuccess: ({ url }) => window.location.assign(url) });
  const portal = api.subscription.portal.useMutation({ onSuccess: ({ url }) => window.location.assign(url) });
  const utils = api.useUtils();
  const reread = () => {
    void utils.subscription.plan.invalidate();
    void utils.subscription.invoices.invalidate();
  };
  useChannel(userChannel(userId), { [REALTIME_EVENTS.plan]: reread }, { onSync: reread });
  const switchPlan = api.subscription.changePlan.useMutation({
    onSuccess: async () => {
      setSwitchTo(null);
      await Promise.all([utils.subscription.plan.invalidate(), utils.subscription.invoices.invalidate()]);
    },
  });
  const [chosen, setChosen] = useState<TPlanId | null>(null);
  const [switchTo, setSwitchTo] = useState<TPlanId | null>(null);

  if (overview.isPending) {
    return (
      <Card title="Your plan">
        <div className="h-24 animate-pulse rounded-lg bg-slate-100" aria-busy="true" aria-label="Loading your plan" />
      </Card>
    );
  }
  if (overview.isError) {
    return (
      <Card title="Your plan">
        <Alert tone="error" title="Could not load your plan">
          <p>{getErrorMessage(overview.error)}</p>
          <div className="pt-2">
            <Button variant="secondary" size="sm" onClick={() => void overview.refetch()}>
              Try again
            </Button>
          </div>
        </Alert>
      </Card>
    );
  }
  const data = overview.data;
  // Back from checkout before the webhook: the plan turns live by itself (the query re-reads it meanwhile).
  const waiting = waitingSince !== null && data.plan === "FREE";
  const upgrades = data.plans.filter((p) => p.id !== "FREE" && p.id !== data.plan);
  const canUpgrade = data.paymentsEnabled && (data.plan === "FREE" || !data.subscription) && data.banner !== "past_due";
  const canSwitch =
    data.paymentsEnabled &&
    data.plan !== "FREE" &&
    data.subscription !== null &&
    data.subscription.plan === data.plan &&
    !data.subscription.cancelAtPeriodEnd;
  const error = checkout.error ?? portal.error ?? switchPlan.error;

  return (
    <Card
      title="Your plan"
      description="Your plan sets how many shipments you can post each month and the platform fee on each one."
      actions={
        data.paymentsEnabled && data.hasBillingAccount ? (
          <Button
            variant="secondary"
            pending={portal.isPending}
            pendingLabel="Opening…"
            onClick={() => portal.mutate()}
          >
            Manage billing
          </Button>
        ) : null
      }
    >
      <div className="space-y-4">
        {waiting ? null : <PlanBanner overview={data} />}
        {waiting ? (
          <Alert tone="info" title="Payment received, activating your plan…">
            <p>This page updates by itself as soon as Stripe confirms your subscription.</p>
          </Alert>
        ) : null}
        {returned === "cancelled" && data.plan === "FREE" ? (
          <Alert tone="info">
            <p>Checkout was cancelled: nothing was charged and your plan is unchanged.</p>
          </Alert>
        ) : null}
        {error ? (
          <Alert tone="error" title="That did not work">
            <p>{getErrorMessage(error)}</p>
          </Alert>
        ) : null}
        <CurrentPlan overview={data} />
        {!data.paymentsEnabled ? (
          <p className="text-sm text-slate-600">
            Paid plans are not available: payments are not set up on this server.
          </p>
        ) : null}
        {canUpgrade && upgrades.length > 0 ? (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Plans you can upgrade to">
            {upgrades.map((p) => (
              <li key={p.id} className="flex flex-col justify-between gap-3 rounded-lg border border-slate-200 p-4">
                <div className="space-y-1">
                  <p className="font-semibold">
                    {p.name}{" "}
                    <span className="font-normal text-slate-600">
                      {formatMoney(p.monthlyPriceCents, "USD")} a month
                    </span>
                  </p>
                  <p className="text-sm text-slate-600">{p.summary}</p>
                </div>
                <Button
                  pending={checkout.isPending && chosen === p.id}
                  pendingLabel="Opening checkout…"
                  disabled={checkout.isPending}
                  onClick={() => {
                    setChosen(p.id);
                    checkout.mutate({ plan: p.id === "PRO" ? "PRO" : "BUSINESS" });
                  }}
                >
                  Upgrade to {p.name}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        {canSwitch && upgrades.length > 0 ? (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Plans you can switch to">
            {upgrades.map((p) => (
              <li key={p.id} className="flex flex-col justify-between gap-3 rounded-lg border border-slate-200 p-4">
                <div className="space-y-1">
                  <p className="font-semibold">
                    {p.name}{" "}
                    <span className="font-normal text-slate-600">
                      {formatMoney(p.monthlyPriceCents, "USD")} a month
                    </span>
                  </p>
                  <p className="text-sm text-slate-600">{p.summary}</p>
                </div>
                {switchTo === p.id ? (
                  <div className="space-y-2" role="group" aria-label={`Confirm the switch to ${p.name}`}>
                    <p className="text-sm text-slate-700">
                      {p.name} starts now. The rest of this period is charged at the {p.name} price to your saved card,
                      less a credit for the unused time on your current plan (a credit if it costs less).
                    </p>
                    <div className="flex flex-wrap gap-2">
                      <Button
                        pending={switchPlan.isPending}
                        pendingLabel="Switching…"
                        onClick={() => switchPlan.mutate({ plan: p.id === "PRO" ? "PRO" : "BUSINESS" })}
                      >
                        Confirm switch to {p.name}
                      </Button>
                      <Button variant="secondary" disabled={switchPlan.isPending} onClick={() => setSwitchTo(null)}>
                        Keep my plan
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Button variant="secondary" onClick={() => setSwitchTo(p.id)}>
                    Switch to {p.name}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
