"use client";

import { ReasonForm } from "~/components/forms/reason-form";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { statusLabel, transitions } from "~/lib/shipment-state";
import { api } from "~/trpc/react";
import { ReassignForm } from "./reassign-form";
import { useShipmentActions } from "./use-shipment-actions";

type TShipmentActionsProps = {
  id: string;
  status: ShipmentStatus;
  currentDriverId: string | null;
  /** Refetches the shipment; awaited so a form stays busy until the new state is on screen. */
  onChanged: () => Promise<unknown>;
};

/** The interventions the state machine allows an admin in this status; one form open at a time. */
export function ShipmentActions({ id, status, currentDriverId, onChanged }: TShipmentActionsProps) {
  const actions = useShipmentActions(status, onChanged);
  const forceCancel = api.admin.forceCancel.useMutation();

  if (actions.allowed.length === 0) {
    return (
      <div className="space-y-3">
        {actions.done ? <Alert tone="success">{actions.done}</Alert> : null}
        <p className="text-sm text-slate-600">
          No interventions are possible: this shipment is {statusLabel[status].toLowerCase()}.
        </p>
      </div>
    );
  }

  async function cancel(reason: string) {
    try {
      await forceCancel.mutateAsync({ id, reason });
    } catch (error) {
      // A CONFLICT means the status moved on: show the new state behind the message.
      void onChanged();
      throw error;
    }
    await actions.finished("Shipment cancelled.");
  }

  return (
    <div className="space-y-4">
      {actions.done ? <Alert tone="success">{actions.done}</Alert> : null}
      {/* Openers are hidden while their own form is open, so each form's submit button carries the action's name. */}
      <div className="flex flex-wrap gap-2">
        {actions.allowed
          .filter((a) => a !== actions.open)
          .map((a) => (
            <Button key={a} variant={a === "forceCancel" ? "danger" : "secondary"} onClick={() => actions.openForm(a)}>
              {transitions[a].label}
            </Button>
          ))}
      </div>
      {actions.open === "forceCancel" ? (
        <ReasonForm
          title="Force cancel this shipment"
          headingLevel={3}
          description="It stops for everyone: the driver loses the job and the shipper is told. The reason is recorded in the timeline and the audit log."
          hint="At least 3 characters. The shipper and driver may see it."
          submitLabel={transitions.forceCancel.label}
          pendingLabel="Cancelling…"
          keepLabel="Keep shipment"
          className="rounded-xl border border-red-200 bg-red-50/40 p-4"
          onSubmit={cancel}
          onKeep={actions.close}
        />
      ) : null}
      {actions.open === "reassign" ? (
        <ReassignForm
          id={id}
          currentDriverId={currentDriverId}
          onClose={actions.close}
          onDone={(name) => actions.finished(`Shipment reassigned to ${name}.`)}
          onFailed={onChanged}
        />
      ) : null}
    </div>
  );
}
