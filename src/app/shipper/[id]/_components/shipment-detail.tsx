"use client";

import { useSearchParams } from "next/navigation";

import { ReasonForm } from "~/components/forms/reason-form";
import { cancelRefundNote } from "~/components/payments/cancel-refund-note";
import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { useLivePositions } from "~/components/realtime/use-live-positions";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { DateTime } from "~/components/ui/date-time";
import { PageHeader } from "~/components/ui/page-header";
import { isEtaLate } from "~/lib/eta";
import { api } from "~/trpc/react";
import { activeStatuses, transitions } from "~/lib/shipment-state";
import { isPaymentInFlight, ShipmentHeaderActions } from "./shipment-header-actions";
import { ShipmentMain, ShipmentNotices, ShipmentSidebar } from "./shipment-sections";
import { useShipmentDetail } from "./use-shipment-detail";

export type TShipmentDetailProps = {
  /** The shipment the page prefetched (`loadOrNotFound` + `HydrateClient`); the query keeps it fresh. */
  id: string;
  serverOrigin: string;
};

export function ShipmentDetail({ id, serverOrigin }: TShipmentDetailProps) {
  const state = useShipmentDetail(id);
  const searchParams = useSearchParams();
  const { shipment: s } = state;
  const d = s.details;
  const live = activeStatuses.includes(s.status);
  // The same query and subscription as the live map's (shared cache): the header's ETA moves with the driver.
  const positions = useLivePositions({ shipmentId: id }, { enabled: live });
  const etaAt = positions.etaAt ?? d?.etaAt ?? null;
  // The ETA (traffic-aware with a Google key, else from the recent speed) after the drop-off window's end.
  const late = live && isEtaLate(etaAt, s.dropoff.windowEnd);
  // The payment panel's query (shared cache): the cancel dialog says what the card gets back before confirming.
  const payment = api.payment.forShipment.useQuery({ id });
  const refundNote =
    d?.priceCents !== undefined && d?.priceCents !== null
      ? cancelRefundNote(s.status, d.priceCents, payment.data ?? null)
      : null;

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
            ) : live && etaAt ? (
              <span>
                ETA <DateTime value={etaAt} />
              </span>
            ) : null}
            {late ? <Badge tone="danger">Running late</Badge> : null}
            <ConnectionIndicator />
          </span>
        }
        actions={
          <ShipmentHeaderActions
            state={state}
            paymentInFlight={isPaymentInFlight(searchParams.get("checkout"), state.shipment.status)}
          />
        }
      />

      <ShipmentNotices state={state} />
      {late ? (
        <Alert tone="warning" role="status" title="Running late">
          <p>
            The driver is expected at <DateTime value={etaAt!} />, after the drop-off window ends (
            <DateTime value={s.dropoff.windowEnd} zone={s.dropoff.timeZone} />
            ). Message the driver or tell the recipient.
          </p>
        </Alert>
      ) : null}

      {state.cancelOpen && state.actions.includes("cancel") ? (
        <ReasonForm
          title="Cancel this shipment?"
          description={
            <>
              Drivers will no longer see it. This cannot be undone.
              {refundNote ? (
                <span className="mt-2 block font-medium" data-testid="cancel-refund-note">
                  {refundNote}
                </span>
              ) : null}
            </>
          }
          hint="At least 3 characters. The driver (if any) sees it."
          initialFocus="reason"
          submitLabel={transitions.cancel.label}
          pendingLabel="Cancelling…"
          keepLabel="Keep shipment"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
          onSubmit={state.cancelShipment}
          onKeep={state.closeCancel}
        />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-6 lg:col-start-2 lg:row-start-1">
          <ShipmentSidebar shipment={s} serverOrigin={serverOrigin} />
        </div>
        <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-start-1">
          <ShipmentMain shipment={s} />
        </div>
      </div>
    </div>
  );
}
