"use client";

import type { ReactNode } from "react";

import { telHref } from "~/components/driver/format";
import { PaymentPanel } from "~/components/payments/payment-panel";
import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { useLiveShipment } from "~/components/realtime/use-live-shipment";
import { ShipmentLiveMap } from "~/components/map/shipment-live-map";
import { RouteWeather, showsWeather } from "~/components/shipments/route-weather";
import { ShipmentRoute } from "~/components/shipments/shipment-route";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Timeline } from "~/components/shipments/timeline";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { PageHeader } from "~/components/ui/page-header";
import { useUnits } from "~/components/units/units-context";
import { isEtaLate } from "~/lib/eta";
import { formatMoney } from "~/lib/money";
import { formatDimensions, formatWeight } from "~/lib/units";
import { activeStatuses } from "~/lib/shipment-state";
import { vehicleLabel } from "~/lib/vehicles";
import { api } from "~/trpc/react";
import { ShipmentInterventions } from "./interventions";
import { ShipmentActions } from "./shipment-actions";

/** Where the public tracking page lives. */
export function trackingPath(token: string): string {
  return `/track/${encodeURIComponent(token)}`;
}

function Facts({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid gap-x-4 gap-y-3 text-sm sm:grid-cols-[auto_1fr]">
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="text-slate-600">{item.label}</dt>
          <dd className="font-medium wrap-anywhere">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Phone({ phone }: { phone: string | null }) {
  if (!phone) return <span className="text-slate-500">No phone</span>;
  return (
    <a href={telHref(phone)} className="text-brand-700 underline">
      {phone}
    </a>
  );
}

/** Everything about one shipment for operations: details, people, secrets, history, and the interventions. */
export function AdminShipmentView({ id }: { id: string }) {
  // Prefetched by the page and hydrated: no loading state on first render.
  const [s, query] = api.shipment.get.useSuspenseQuery({ id });
  useLiveShipment(id);
  const d = s.details;

  const units = useUnits();
  const dims = formatDimensions(s.cargo, units);
  const dates: { label: string; value: ReactNode }[] = [
    { label: "Created", value: <DateTime value={s.createdAt} /> },
    { label: "Posted", value: s.postedAt ? <DateTime value={s.postedAt} /> : "Not yet" },
    ...(d?.etaAt && !d.deliveredAt
      ? [
          {
            label: "ETA",
            value: (
              <>
                <DateTime value={d.etaAt} />
                {activeStatuses.includes(s.status) && isEtaLate(d.etaAt, s.dropoff.windowEnd) ? (
                  <>
                    {" "}
                    <Badge tone="danger">Late: after the drop-off window</Badge>
                  </>
                ) : null}
              </>
            ),
          },
        ]
      : []),
    ...(d?.deliveredAt ? [{ label: "Delivered", value: <DateTime value={d.deliveredAt} /> }] : []),
  ];

  return (
    <>
      <PageHeader
        title={s.reference}
        back={{ href: "/admin/shipments", label: "All shipments" }}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={s.status} />
            <span>
              {s.pickup.city} → {s.dropoff.city}
            </span>
            <ConnectionIndicator />
          </span>
        }
      />

      {query.isError ? (
        <Alert tone="error" className="mb-4">
          Could not refresh this shipment: {getErrorMessage(query.error)} What you see may be out of date.
        </Alert>
      ) : null}

      {d?.hold ? (
        <Alert tone="warning" title="On hold" className="mb-4">
          Driver steps are refused until the hold is released. Reason: {d.hold.reason}
        </Alert>
      ) : null}

      {s.status === "CANCELLED" && d?.cancelReason ? (
        <Alert tone="warning" title="Cancelled" className="mb-4">
          Reason: {d.cancelReason}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        {/* First in reading order (and on a phone): what an admin can do, and the key facts. */}
        <div className="space-y-6 lg:order-last">
          <Card title="Actions" headingLevel={2}>
            <ShipmentActions
              id={id}
              status={s.status}
              currentDriverId={s.driver?.id ?? null}
              onChanged={() => query.refetch()}
            />
          </Card>

          <Card title="Operations" headingLevel={2}>
            <ShipmentInterventions
              id={id}
              status={s.status}
              hold={d?.hold ?? null}
              codeLocked={!!d?.deliveryCodeLocked}
              codeAttempts={d?.deliveryCodeAttempts ?? 0}
              pickup={{ windowEnd: s.pickup.windowEnd, timeZone: s.pickup.timeZone }}
              onChanged={() => query.refetch()}
            />
          </Card>

          <Card title="Money">
            <Facts
              items={[
                {
                  label: "Shipper pays",
                  value: d?.priceCents != null ? formatMoney(d.priceCents, s.currency) : "Hidden",
                },
                {
                  label: "Platform fee",
                  value: d?.platformFeeCents != null ? formatMoney(d.platformFeeCents, s.currency) : "Hidden",
                },
                { label: "Driver pay", value: formatMoney(s.driverPayoutCents, s.currency) },
              ]}
            />
          </Card>

          <PaymentPanel shipmentId={s.id} version={s.version} />

          <Card title="People">
            <Facts
              items={[
                {
                  label: "Shipper",
                  value: d ? (
                    <>
                      {d.shipper.name}
                      <br />
                      <Phone phone={d.shipper.phone} />
                    </>
                  ) : (
                    "Hidden"
                  ),
                },
                {
                  label: "Driver",
                  value: s.driver ? (
                    <>
                      {s.driver.name}
                      <br />
                      <Phone phone={s.driver.phone} />
                      {s.driver.vehicleType ? (
                        <span className="block font-normal text-slate-600">
                          {vehicleLabel[s.driver.vehicleType]}
                          {s.driver.plate ? ` · ${s.driver.plate}` : ""}
                          {s.driver.rating !== null ? ` · rated ${s.driver.rating.toFixed(1)}` : ""}
                        </span>
                      ) : null}
                    </>
                  ) : (
                    <span className="text-slate-500">No driver</span>
                  ),
                },
              ]}
            />
          </Card>

          <Card title="Delivery code and tracking">
            {s.secrets ? (
              <Facts
                items={[
                  {
                    label: "Delivery code",
                    value: (
                      <>
                        <span className="font-mono text-lg tracking-widest">{s.secrets.deliveryCode}</span>
                        {d?.deliveryCodeLocked ? (
                          <span className="block font-semibold text-red-700">Locked after too many wrong tries</span>
                        ) : null}
                      </>
                    ),
                  },
                  {
                    label: "Tracking",
                    value: (
                      <a
                        href={trackingPath(s.secrets.trackingToken)}
                        target="_blank"
                        rel="noreferrer"
                        className="text-brand-700 underline"
                      >
                        Open the public tracking page <span className="sr-only">(opens in a new tab)</span>
                      </a>
                    ),
                  },
                ]}
              />
            ) : (
              <p className="text-sm text-slate-600">Not available.</p>
            )}
          </Card>

          <Card title="Dates">
            <Facts items={dates} />
          </Card>
        </div>

        <div className="space-y-6 lg:col-span-2">
          <Card title="Live map">
            <ShipmentLiveMap
              source={{ shipmentId: s.id }}
              pickup={{ label: s.pickup.city, lat: s.pickup.lat, lng: s.pickup.lng }}
              dropoff={{ label: s.dropoff.city, lat: s.dropoff.lat, lng: s.dropoff.lng }}
              status={s.status}
            />
          </Card>

          <Card title="Route">
            <ShipmentRoute shipment={s} />
          </Card>
          {showsWeather(s.status) ? <RouteWeather shipmentId={s.id} /> : null}

          <Card title="Cargo and recipient">
            <div className="grid gap-6 sm:grid-cols-2">
              <Facts
                items={[
                  { label: "Cargo", value: s.cargo.description },
                  { label: "Weight", value: formatWeight(s.cargo.weightKg, units) },
                  { label: "Vehicle", value: vehicleLabel[s.cargo.vehicleType] },
                  ...(dims ? [{ label: "Size", value: dims }] : []),
                ]}
              />
              {d ? (
                <Facts
                  items={[
                    { label: "Recipient", value: d.recipientName },
                    { label: "Phone", value: <Phone phone={d.recipientPhone} /> },
                    {
                      label: "Email",
                      value: d.recipientEmail ? (
                        <a href={`mailto:${d.recipientEmail}`} className="text-brand-700 underline">
                          {d.recipientEmail}
                        </a>
                      ) : (
                        <span className="text-slate-500">No email</span>
                      ),
                    },
                  ]}
                />
              ) : null}
            </div>
          </Card>

          <Card title="Timeline" description="Every change, who made it, and why.">
            <Timeline events={s.events} />
          </Card>
        </div>
      </div>
    </>
  );
}
