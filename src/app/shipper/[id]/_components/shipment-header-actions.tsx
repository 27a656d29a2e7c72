"use client";

import Link from "next/link";

import { isEditable } from "~/components/shipments/form-values";
import { Button, buttonClasses } from "~/components/ui/button";
import { transitions } from "~/lib/shipment-state";
import type { TShipmentDetailState } from "./use-shipment-detail";

/** Edit, post, confirm and the cancel opener, as the state machine allows them. */
export function ShipmentHeaderActions({ state }: { state: TShipmentDetailState }) {
  const { shipment: s, actions, busy, post, confirm } = state;
  return (
    <>
      {isEditable(s.status) ? (
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
              disabled={busy}
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
