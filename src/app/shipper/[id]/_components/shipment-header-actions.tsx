"use client";

import Link from "next/link";

import { isEditable } from "~/components/shipments/form-values";
import { Button, buttonClasses } from "~/components/ui/button";
import { transitions } from "~/lib/shipment-state";
import type { TShipmentDetailState } from "./use-shipment-detail";

/** Why Post and Edit wait while a payment is on its way (back from Checkout, the webhook not in yet). */
export const PAYMENT_IN_FLIGHT_NOTE = "Payment received; the load goes on the board in a moment.";

/**
 * True while the shipper is back from a paid Checkout (`?checkout=success`) and the shipment is still a DRAFT:
 * the verified webhook is about to post it, so editing or posting again would race it. `checkout` is the query
 * parameter's value (null when absent).
 */
export function isPaymentInFlight(checkout: string | null, status: TShipmentDetailState["shipment"]["status"]) {
  return checkout === "success" && status === "DRAFT";
}

/**
 * Edit, post, confirm and the cancel opener, as the state machine allows them. While `paymentInFlight`, Edit is
 * hidden and Post disabled with PAYMENT_IN_FLIGHT_NOTE (Cancel stays: a cancel refunds by policy).
 */
export function ShipmentHeaderActions({
  state,
  paymentInFlight = false,
}: {
  state: TShipmentDetailState;
  paymentInFlight?: boolean;
}) {
  const { shipment: s, actions, busy, post, confirm } = state;
  return (
    <>
      {paymentInFlight ? (
        <span className="text-sm text-slate-600" role="status" data-testid="payment-in-flight">
          {PAYMENT_IN_FLIGHT_NOTE}
        </span>
      ) : null}
      {isEditable(s.status) && !paymentInFlight ? (
        <Link href={`/shipper/${s.id}/edit`} className={buttonClasses({ variant: "secondary" })}>
          Edit
        </Link>
      ) : null}
      {actions.map((action) => {
        const label = transitions[action].label;
        if (action === "post")
          return (
            <Button
              key={action}
              onClick={() => post.mutate({ id: s.id })}
              disabled={busy || paymentInFlight}
              title={paymentInFlight ? PAYMENT_IN_FLIGHT_NOTE : undefined}
              pending={post.isPending}
              pendingLabel="Posting…"
            >
              {label}
            </Button>
          );
        if (action === "confirm")
          return (
            <Button
              key={action}
              onClick={() => confirm.mutate({ id: s.id })}
              disabled={busy}
              pending={confirm.isPending}
              pendingLabel="Confirming…"
            >
              {label}
            </Button>
          );
        // Hidden while its form is open, so the form's submit button is the one "Cancel shipment".
        if (action === "cancel" && !state.cancelOpen)
          return (
            <Button key={action} variant="secondary" disabled={busy} onClick={state.openCancel}>
              {label}
            </Button>
          );
        return null;
      })}
    </>
  );
}
