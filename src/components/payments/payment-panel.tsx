"use client";

import { useEffect } from "react";

import { Detail } from "~/components/shipments/shipment-panels";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { formatMoney } from "~/lib/money";
import { keptAsFeeCents } from "./cancel-refund-note";
import { paymentStatusText } from "./payment-status";
import { api, type RouterOutputs } from "~/trpc/react";

type TPayment = NonNullable<RouterOutputs["payment"]["forShipment"]>;

const refundText: Record<NonNullable<TPayment["refund"]>["status"], string> = {
  PENDING: "Refund pending",
  SUCCEEDED: "Refunded to the card",
  FAILED: "Refund failed",
};

/**
 * The shipment's card payment and its refund, for the shipper and admins. Re-read whenever the shipment's
 * `version` changes (the live `status` event carries it: paid, expired and refunded all bump it).
 */
export function PaymentPanel({ shipmentId, version }: { shipmentId: string; version: number }) {
  const query = api.payment.forShipment.useQuery({ id: shipmentId });
  const { refetch } = query;
  useEffect(() => {
    void refetch();
  }, [version, refetch]);

  if (query.isPending) {
    return (
      <Card title="Payment">
        <p className="text-sm text-slate-600" role="status">
          Loading payment…
        </p>
      </Card>
    );
  }
  if (query.isError) {
    return (
      <Card title="Payment">
        <p className="text-sm text-red-700" role="alert">
          Could not load the payment ({getErrorMessage(query.error)}).
        </p>
      </Card>
    );
  }
  const p = query.data;
  if (!p) {
    return (
      <Card title="Payment">
        <p className="text-sm text-slate-600">No payment yet. You pay by card when you post the shipment.</p>
      </Card>
    );
  }
  return (
    <Card title="Payment">
      <dl data-testid="payment-panel">
        <Detail label="Status">
          <span data-testid="payment-status">{paymentStatusText(p)}</span>
        </Detail>
        <Detail label="Amount">
          <span className="tabular-nums">{formatMoney(p.amountCents, p.currency)}</span>
        </Detail>
        {p.paidAt ? (
          <Detail label="Paid">
            <DateTime value={p.paidAt} />
          </Detail>
        ) : null}
        {p.status === "PENDING" && p.checkoutExpiresAt ? (
          <Detail label="Checkout open until">
            <DateTime value={p.checkoutExpiresAt} />
          </Detail>
        ) : null}
        {p.failureMessage && p.status !== "SUCCEEDED" ? (
          <Detail label="Last card attempt">{p.failureMessage}</Detail>
        ) : null}
        {p.refund ? (
          <Detail label={refundText[p.refund.status]}>
            <span className="tabular-nums" data-testid="refund-status">
              {formatMoney(
                p.refund.status === "SUCCEEDED" && p.refundedCents > 0 ? p.refundedCents : p.refund.dueCents,
                p.currency,
              )}
            </span>
          </Detail>
        ) : null}
        {p.refund && keptAsFeeCents(p.amountCents, p.refund.dueCents) > 0 ? (
          <Detail label="Kept as the cancellation fee">
            <span className="tabular-nums" data-testid="cancellation-fee">
              {formatMoney(keptAsFeeCents(p.amountCents, p.refund.dueCents), p.currency)}
            </span>
          </Detail>
        ) : null}
        {p.refund?.failureReason ? <Detail label="Why the refund failed">{p.refund.failureReason}</Detail> : null}
        {p.stripePaymentIntentId ? (
          <Detail label="Stripe payment">
            <code className="text-xs">{p.stripePaymentIntentId}</code>
          </Detail>
        ) : null}
      </dl>
      {p.checkoutUrl ? (
        <p className="mt-3 text-sm">
          <a href={p.checkoutUrl} className="text-brand-700 underline">
            Return to checkout to pay
          </a>
        </p>
      ) : null}
    </Card>
  );
}
