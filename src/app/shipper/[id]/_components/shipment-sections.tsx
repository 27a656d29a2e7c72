"use client";

import { useSearchParams } from "next/navigation";

import { ShipmentLiveMap } from "~/components/map/shipment-live-map";
import { PaymentPanel } from "~/components/payments/payment-panel";
import { RouteWeather, showsWeather } from "~/components/shipments/route-weather";
import { ShipmentRoute } from "~/components/shipments/shipment-route";
import {
  CargoDetails,
  DeliveryCodeCard,
  DriverCard,
  PriceBreakdown,
  RecipientDetails,
} from "~/components/shipments/shipment-panels";
import { Timeline } from "~/components/shipments/timeline";
import { TrackingLink } from "~/components/shipments/tracking-link";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { getErrorMessage } from "~/components/ui/form-errors";
import { describeProof } from "~/lib/proof-of-delivery";
import { editableStatuses, showsDeliveryCode, showsTrackingLink } from "~/lib/shipment-state";
import type { TShipment, TShipmentDetailState } from "./use-shipment-detail";

/**
 * Back from Stripe Checkout (`?checkout=success|cancelled|unavailable` on the return URL): what happened to the
 * payment. "Posting…" stays until the verified webhook posts the shipment; the live status event then updates it.
 */
function CheckoutReturnNotice({ status }: { status: TShipment["status"] }) {
  const checkout = useSearchParams().get("checkout");
  if (checkout === "success" && status !== "CANCELLED") {
    return status === "DRAFT" ? (
      <Alert tone="info" role="status" title="Payment received, posting…">
        <p>Your shipment goes on the load board as soon as Stripe confirms the payment. This page updates by itself.</p>
      </Alert>
    ) : (
      <Alert tone="success" role="status">
        Payment received. Your shipment is on the load board.
      </Alert>
    );
  }
  if (checkout === "cancelled" && status === "DRAFT") {
    return (
      <Alert tone="warning" role="status">
        Checkout cancelled: nothing was charged. Your shipment is saved as an unpaid draft.
      </Alert>
    );
  }
  if (checkout === "unavailable" && status === "DRAFT") {
    return (
      <Alert tone="warning" role="status">
        Payments are unavailable right now. Your shipment is saved as a draft; post it again in a minute.
      </Alert>
    );
  }
  return null;
}

/** The outcome of the last action, refresh problems, a locked code and a cancellation. */
export function ShipmentNotices({ state }: { state: TShipmentDetailState }) {
  const { shipment: s, query } = state;
  const d = s.details;
  return (
    <>
      <div aria-live="polite">
        <CheckoutReturnNotice status={s.status} />
      </div>
      <div aria-live="polite">
        {state.done ? (
          <Alert tone="success" role="note">
            {state.done}
          </Alert>
        ) : null}
      </div>
      {state.actionError ? <Alert tone="error">{state.actionError}</Alert> : null}
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
    </>
  );
}

/**
 * The side column: the delivery code and the tracking link only in the statuses where they serve
 * (src/lib/shipment-state.ts), then the driver and the price.
 */
export function ShipmentSidebar({ shipment: s, serverOrigin }: { shipment: TShipment; serverOrigin: string }) {
  const d = s.details;
  return (
    <>
      {s.secrets && showsDeliveryCode(s.status) ? (
        <DeliveryCodeCard
          code={s.secrets.deliveryCode}
          locked={d?.deliveryCodeLocked}
          required={s.podRequires.includes("CODE")}
        />
      ) : null}
      <Card title="Required at delivery">
        <p className="text-sm text-slate-700">{describeProof(s.podRequires).replace(/^./, (c) => c.toUpperCase())}.</p>
        <p className="mt-1 text-sm text-slate-600">
          {s.podPhotoPublic
            ? "The tracking page shows a small delivery photo."
            : "The tracking page shows no delivery photo."}
        </p>
      </Card>
      {s.secrets && showsTrackingLink(s.status) ? (
        <Card title="Share tracking">
          <TrackingLink token={s.secrets.trackingToken} serverOrigin={serverOrigin} />
        </Card>
      ) : null}
      <DriverCard driver={s.driver} status={s.status} />
      <PriceBreakdown
        priceCents={d?.priceCents ?? null}
        platformFeeCents={d?.platformFeeCents ?? null}
        driverPayoutCents={s.driverPayoutCents}
        currency={s.currency}
      />
      <PaymentPanel shipmentId={s.id} version={s.version} />
    </>
  );
}

/** The main column: route, cargo, recipient and history. */
export function ShipmentMain({ shipment: s }: { shipment: TShipment }) {
  const d = s.details;
  return (
    <>
      {!editableStatuses.includes(s.status) ? (
        <Card title="Live map">
          <ShipmentLiveMap
            source={{ shipmentId: s.id }}
            pickup={{ label: s.pickup.city, lat: s.pickup.lat, lng: s.pickup.lng }}
            dropoff={{ label: s.dropoff.city, lat: s.dropoff.lat, lng: s.dropoff.lng }}
            status={s.status}
          />
        </Card>
      ) : null}
      <Card title="Route">
        <ShipmentRoute shipment={s} />
      </Card>
      {showsWeather(s.status) ? <RouteWeather shipmentId={s.id} /> : null}
      <div className="grid gap-6 md:grid-cols-2">
        <CargoDetails cargo={s.cargo} />
        {d ? (
          <RecipientDetails recipient={{ name: d.recipientName, phone: d.recipientPhone, email: d.recipientEmail }} />
        ) : null}
      </div>
      <Card title="History">
        <Timeline events={s.events} />
      </Card>
    </>
  );
}
