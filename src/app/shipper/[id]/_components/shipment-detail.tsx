"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";

import { isEditable } from "~/components/shipments/form-values";
import { ShipmentRoute } from "~/components/shipments/shipment-route";
import {
  CargoDetails,
  DeliveryCodeCard,
  DriverCard,
  PriceBreakdown,
  RecipientDetails,
} from "~/components/shipments/shipment-panels";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Timeline } from "~/components/shipments/timeline";
import { TrackingLink } from "~/components/shipments/tracking-link";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { TextareaField } from "~/components/ui/field";
import { getErrorMessage, getFieldErrors } from "~/components/ui/form-errors";
import { PageHeader } from "~/components/ui/page-header";
import { Spinner } from "~/components/ui/spinner";
import { ZReasonSchema } from "~/lib/schemas/shipment";
import { activeStatuses, availableActions, type TShipmentAction, transitions } from "~/lib/shipment-state";
import { api, type RouterOutputs } from "~/trpc/react";

type TShipment = RouterOutputs["shipment"]["get"];

const POLL_MS = 15_000;

const successText: Partial<Record<TShipmentAction, string>> = {
  post: "Posted to the load board. Drivers can accept it now.",
  confirm: "Delivery confirmed. Thank you!",
  cancel: "Shipment cancelled.",
};

export type TShipmentDetailProps = {
  /** From the server render; the query keeps it fresh (polling while the load is on the road). */
  initial: TShipment;
  serverOrigin: string;
};

export function ShipmentDetail({ initial, serverOrigin }: TShipmentDetailProps) {
  const utils = api.useUtils();
  const id = initial.id;
  const query = api.shipment.get.useQuery(
    { id },
    {
      initialData: initial,
      refetchInterval: (q) => (q.state.data && activeStatuses.includes(q.state.data.status) ? POLL_MS : false),
    },
  );
  // The server render can be fresher than a cached copy (e.g. right after an edit): the higher version wins.
  // Every edit and status change bumps the version.
  const s = query.data.version >= initial.version ? query.data : initial;
  const d = s.details;
  const live = activeStatuses.includes(s.status);

  const [actionError, setActionError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);

  const handlers = (action: TShipmentAction) => ({
    onMutate: () => {
      setActionError(null);
      setDone(null);
    },
    // The button stays pending until the page shows the new state, then the outcome is announced.
    onSuccess: async () => {
      await Promise.all([utils.shipment.get.invalidate({ id }), utils.shipment.list.invalidate()]);
      setDone(successText[action] ?? null);
    },
    onError: (error: unknown) => setActionError(getErrorMessage(error)),
  });
  const post = api.shipment.post.useMutation(handlers("post"));
  const confirm = api.shipment.confirm.useMutation(handlers("confirm"));
  const cancel = api.shipment.cancel.useMutation({
    ...handlers("cancel"),
    onSuccess: async () => {
      setCancelOpen(false);
      setReason("");
      await handlers("cancel").onSuccess();
    },
    onError: (error) => {
      const field = getFieldErrors(error).reason;
      if (field) setReasonError(field);
      else setActionError(getErrorMessage(error));
    },
  });
  const busy = post.isPending || confirm.isPending || cancel.isPending;

  // What the shipper may do now comes from the state machine, never from status checks here.
  const actions = availableActions(s.status, "SHIPPER");

  function onCancelSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZReasonSchema.safeParse(reason);
    if (!parsed.success) {
      setReasonError(parsed.error.issues[0]?.message ?? "Give a reason.");
      document.getElementById("cancel-reason")?.focus();
      return;
    }
    setReasonError(null);
    cancel.mutate({ id, reason: parsed.data });
  }

  const headerActions = (
    <>
      {isEditable(s.status) ? (
        <Link href={`/shipper/${id}/edit`} className={buttonClasses({ variant: "secondary" })}>
          Edit
        </Link>
      ) : null}
      {actions.map((action) => {
        const label = transitions[action].label;
        if (action === "post")
          return (
            <Button
              key={action}
              onClick={() => post.mutate({ id })}
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
              onClick={() => confirm.mutate({ id })}
              disabled={busy}
              pending={confirm.isPending}
              pendingLabel="Confirming…"
            >
              {label}
            </Button>
          );
        if (action === "cancel" && !cancelOpen)
          return (
            <Button
              key={action}
              variant="secondary"
              disabled={busy}
              onClick={() => {
                setCancelOpen(true);
                setDone(null);
              }}
            >
              {label}
            </Button>
          );
        return null;
      })}
    </>
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title={s.reference}
        back={{ href: "/shipper", label: "Your shipments" }}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusBadge status={s.status} className="text-sm" />
            {d?.deliveredAt ? (
              <span>
                Delivered <DateTime value={d.deliveredAt} />
              </span>
            ) : live && d?.etaAt ? (
              <span>
                ETA <DateTime value={d.etaAt} />
              </span>
            ) : null}
            {live ? (
              <span className="inline-flex items-center gap-1 text-sm text-slate-500">
                {query.isFetching ? <Spinner /> : null}
                Updates every 15 seconds
              </span>
            ) : null}
          </span>
        }
        actions={headerActions}
      />

      <div aria-live="polite">
        {done ? (
          <Alert tone="success" role="note">
            {done}
          </Alert>
        ) : null}
      </div>
      {actionError ? <Alert tone="error">{actionError}</Alert> : null}
      {query.isError ? (
        <Alert tone="warning" role="status">
          Could not refresh this shipment ({getErrorMessage(query.error)}). Showing the last details loaded.
        </Alert>
      ) : null}
      {d?.deliveryCodeLocked ? (
        <Alert tone="error" title="Delivery code locked">
          <p>
            The driver entered a wrong delivery code too many times, so delivery cannot be completed with the code.
            Contact the driver and the recipient, and our support team, to sort it out.
          </p>
        </Alert>
      ) : null}
      {s.status === "CANCELLED" ? (
        <Alert tone="warning" title="This shipment was cancelled">
          {d?.cancelReason ? <p>Reason: {d.cancelReason}</p> : null}
        </Alert>
      ) : null}

      {cancelOpen && actions.includes("cancel") ? (
        <Card title="Cancel this shipment?" description="Drivers will no longer see it. This cannot be undone.">
          <form noValidate onSubmit={onCancelSubmit} className="space-y-4">
            <TextareaField
              id="cancel-reason"
              label="Reason"
              hint="At least 3 characters. The driver (if any) sees it."
              autoFocus
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonError(null);
              }}
              error={reasonError}
            />
            <div className="flex flex-wrap gap-3">
              <Button type="submit" variant="danger" pending={cancel.isPending} pendingLabel="Cancelling…">
                {transitions.cancel.label}
              </Button>
              <Button variant="secondary" onClick={() => setCancelOpen(false)} disabled={cancel.isPending}>
                Keep shipment
              </Button>
            </div>
          </form>
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-6 lg:col-start-2 lg:row-start-1">
          {s.secrets ? (
            <>
              <DeliveryCodeCard code={s.secrets.deliveryCode} locked={d?.deliveryCodeLocked} />
              <Card title="Share tracking">
                <TrackingLink token={s.secrets.trackingToken} serverOrigin={serverOrigin} />
              </Card>
            </>
          ) : null}
          <DriverCard driver={s.driver} status={s.status} />
          <PriceBreakdown
            priceCents={d?.priceCents ?? null}
            platformFeeCents={d?.platformFeeCents ?? null}
            driverPayoutCents={s.driverPayoutCents}
            currency={s.currency}
          />
        </div>

        <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-start-1">
          <Card title="Route">
            <ShipmentRoute shipment={s} />
          </Card>
          <div className="grid gap-6 md:grid-cols-2">
            <CargoDetails cargo={s.cargo} />
            {d ? (
              <RecipientDetails
                recipient={{ name: d.recipientName, phone: d.recipientPhone, email: d.recipientEmail }}
              />
            ) : null}
          </div>
          <Card title="History">
            <Timeline events={s.events} />
          </Card>
        </div>
      </div>
    </div>
  );
}
