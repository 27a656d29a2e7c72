"use client";

import Link from "next/link";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

import { ShipmentChat } from "~/components/chat/shipment-chat";
import { ShipmentLiveMap } from "~/components/map/shipment-live-map";
import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { useLiveShipment } from "~/components/realtime/use-live-shipment";
import { RouteWeather, showsWeather } from "~/components/shipments/route-weather";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { buttonClasses } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { PageHeader } from "~/components/ui/page-header";
import { formatMoney } from "~/lib/money";
import { formatDimensions } from "~/lib/units";
import { describeProof } from "~/lib/proof-of-delivery";
import { activeStatuses, availableActions, statusLabel, transitions } from "~/lib/shipment-state";
import { vehicleLabel } from "~/lib/vehicles";
import { api, type RouterOutputs } from "~/trpc/react";
import { BigButton } from "./big-button";
import { DeliveryForm } from "./delivery-form";
import { Distance, Weight } from "~/components/units/quantities";
import { useUnits } from "~/components/units/units-context";
import { directionsHref, formatDuration, geoHref, telHref } from "./format";
import { LocationSharing } from "./location-sharing/location-sharing";
import { PendingProofNotice } from "./pending-proof";
import { ReleaseJob } from "./release-job";
import { nextDriverStep, type TDriverStep } from "./steps";
import { TimeRange } from "./time-range";

type TJob = RouterOutputs["shipment"]["get"];
type TDetails = NonNullable<TJob["details"]>;
type TStepAction = TDriverStep;

/** What to do before pressing the button, keyed by the action the state machine offers. */
const stepGuide: Record<TStepAction, { title: string; stop: "pickup" | "dropoff"; text: string }> = {
  pickUp: {
    title: "Go to the pick-up",
    stop: "pickup",
    text: `When the cargo is on board, tap “${transitions.pickUp.label}”.`,
  },
  depart: {
    title: "Head to the drop-off",
    stop: "dropoff",
    text: `When you leave the pick-up, tap “${transitions.depart.label}”.`,
  },
  deliver: {
    title: "Hand over the load",
    stop: "dropoff",
    text: `At the drop-off, ask the recipient for their 6-digit delivery code, enter it and tap “${transitions.deliver.label}”.`,
  },
};

/** One job for the driver in the truck: where to go, who to call, and the one next thing to tap. */
export function JobView({ id, driverId }: { id: string; driverId: string }) {
  // Prefetched by the page and hydrated: no loading state on first render.
  const [s, job] = api.shipment.get.useSuspenseQuery({ id });
  // The shipper cancelling or an admin reassigning shows here as it happens.
  useLiveShipment(id);
  const details = s.details;
  const lostAccess = job.error?.data?.code === "NOT_FOUND" || !details;

  const step = nextDriverStep(s.status);
  const canRelease = availableActions(s.status, "DRIVER").includes("release");
  const done = s.status === "DELIVERED" || s.status === "COMPLETED";

  // After a step, the next button appears where the last one was: it stays disabled for a moment so a double
  // tap cannot skip a step, and focus moves to the new step's heading.
  const [changedAt, setChangedAt] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");

  async function afterChange() {
    const result = await job.refetch();
    if (result.data) {
      setChangedAt(Date.now());
      setAnnouncement(`Status: ${statusLabel[result.data.status]}.`);
    }
  }

  const route = (
    <span className="inline-flex flex-wrap items-center gap-2">
      <StatusBadge status={s.status} />
      <span>
        {s.pickup.city} <span aria-hidden>→</span>
        <span className="sr-only"> to </span> {s.dropoff.city}
      </span>
      <ConnectionIndicator />
    </span>
  );

  return (
    <>
      <PageHeader title={s.reference} description={route} back={{ href: "/driver/jobs", label: "My jobs" }} />
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      <div className="space-y-5">
        {lostAccess ? (
          <Alert tone="warning" title="This job is no longer yours">
            <p>An admin may have moved it to another driver. Contact support if you think this is a mistake.</p>
            <p>
              <Link href="/driver" className="font-semibold underline">
                Back to the load board
              </Link>
            </p>
          </Alert>
        ) : null}

        <LocationSharing
          driverId={driverId}
          shipmentId={id}
          active={!lostAccess && activeStatuses.includes(s.status)}
        />

        <PendingProofNotice shipmentId={id} onSent={() => void afterChange()} />

        {done ? <DeliveredPanel job={s} justDelivered={changedAt !== null} /> : null}

        {s.status === "CANCELLED" ? (
          <Alert tone="warning" title="This job was cancelled">
            {details?.cancelReason ? <p>Reason: {details.cancelReason}</p> : null}
            <p>You do not need to do anything more for this load.</p>
          </Alert>
        ) : null}

        {!lostAccess && details && step ? (
          <NextStep
            key={step}
            id={id}
            step={step}
            details={details}
            job={s}
            armDelayMs={changedAt ? 700 : 0}
            onChanged={afterChange}
            onRefresh={() => void job.refetch()}
            release={canRelease ? <ReleaseJob id={id} onFailed={() => void job.refetch()} /> : null}
          />
        ) : null}

        {!done ? <PayLine job={s} /> : null}

        {details && !lostAccess ? (
          <Card title="Live map">
            <ShipmentLiveMap
              source={{ shipmentId: s.id }}
              pickup={{ label: s.pickup.city, lat: s.pickup.lat, lng: s.pickup.lng }}
              dropoff={{ label: s.dropoff.city, lat: s.dropoff.lat, lng: s.dropoff.lng }}
              status={s.status}
            />
          </Card>
        ) : null}

        {details ? (
          <div className="grid gap-5 md:grid-cols-2">
            <StopCard
              title="Pick-up"
              city={s.pickup.city}
              address={details.pickupAddress}
              formattedAddress={details.pickupFormattedAddress}
              point={s.pickup}
              start={s.pickup.windowStart}
              end={s.pickup.windowEnd}
              zone={s.pickup.timeZone}
              people={[{ role: "Contact", name: details.pickupContactName, phone: details.pickupContactPhone }]}
              showDirections={!done && s.status !== "CANCELLED"}
            />
            <StopCard
              title="Drop-off"
              city={s.dropoff.city}
              address={details.dropoffAddress}
              formattedAddress={details.dropoffFormattedAddress}
              point={s.dropoff}
              start={s.dropoff.windowStart}
              end={s.dropoff.windowEnd}
              zone={s.dropoff.timeZone}
              people={[
                { role: "Contact", name: details.dropoffContactName, phone: details.dropoffContactPhone },
                { role: "Recipient", name: details.recipientName, phone: details.recipientPhone },
              ]}
              showDirections={!done && s.status !== "CANCELLED"}
            />
          </div>
        ) : null}

        {details && !lostAccess && showsWeather(s.status) ? <RouteWeather shipmentId={s.id} /> : null}

        <CargoCard job={s} shipper={details?.shipper ?? null} />

        {!lostAccess ? <ShipmentChat shipmentId={id} /> : null}
      </div>
    </>
  );
}

function NextStep({
  id,
  step,
  details,
  job,
  armDelayMs,
  onChanged,
  onRefresh,
  release,
}: {
  id: string;
  step: TStepAction;
  details: TDetails;
  job: TJob;
  armDelayMs: number;
  /** After a step succeeded: refetches and moves on. */
  onChanged: () => Promise<void>;
  /** After a failure: refetches so the page shows the server's view. */
  onRefresh: () => void;
  release: ReactNode;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [armed, setArmed] = useState(armDelayMs === 0);
  useEffect(() => {
    if (armDelayMs === 0) return;
    headingRef.current?.focus();
    const timer = setTimeout(() => setArmed(true), armDelayMs);
    return () => clearTimeout(timer);
  }, [armDelayMs]);

  const utils = api.useUtils();
  const onSuccess = async () => {
    void utils.driver.jobs.invalidate();
    await onChanged();
  };
  const pickUp = api.driver.pickUp.useMutation({ onSuccess, onError: onRefresh });
  const depart = api.driver.depart.useMutation({ onSuccess, onError: onRefresh });
  const mutation = step === "pickUp" ? pickUp : step === "depart" ? depart : null;

  const guide = stepGuide[step];
  const address = guide.stop === "pickup" ? details.pickupAddress : details.dropoffAddress;
  const point = guide.stop === "pickup" ? job.pickup : job.dropoff;

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border-2 border-brand-100 bg-white p-4 shadow-sm sm:p-6"
    >
      <div className="space-y-1">
        <p className="text-sm font-medium text-slate-600">Next step</p>
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-xl font-bold outline-none">
          {guide.title}
        </h2>
        <p className="text-base font-medium">
          {withCity(address, guide.stop === "pickup" ? job.pickup.city : job.dropoff.city)}
        </p>
        <p className="text-sm text-slate-700">
          {step === "deliver"
            ? `At the drop-off, collect ${describeProof(job.podRequires)}, then tap “${transitions.deliver.label}”.`
            : guide.text}
        </p>
      </div>

      {details.hold ? (
        <Alert tone="warning" title="On hold by operations">
          <p>Wait before the next step until operations release the hold. Reason: {details.hold.reason}</p>
        </Alert>
      ) : null}
      {step !== "deliver" ? (
        <a
          href={directionsHref(point)}
          target="_blank"
          rel="noreferrer"
          className={buttonClasses({ variant: "secondary", className: "w-full sm:w-auto" })}
        >
          Directions <span className="sr-only">(opens your maps app)</span>
        </a>
      ) : null}

      {step === "deliver" ? (
        details.deliveryCodeLocked && job.podRequires.includes("CODE") ? (
          <Alert tone="error" title="The delivery code is locked">
            <p>There were too many wrong tries. The shipper has been told; ask them for help.</p>
            {details.shipper.phone ? (
              <p>
                <a href={telHref(details.shipper.phone)} className="font-semibold underline">
                  Call the shipper ({details.shipper.phone})
                </a>
              </p>
            ) : null}
          </Alert>
        ) : (
          <DeliveryForm id={id} requires={job.podRequires} onDelivered={onChanged} onRefresh={onRefresh} />
        )
      ) : mutation ? (
        <div className="space-y-3">
          {mutation.isError ? <Alert tone="error">{getErrorMessage(mutation.error)}</Alert> : null}
          <BigButton
            onClick={() => mutation.mutate({ id })}
            pending={mutation.isPending}
            pendingLabel="Saving…"
            disabled={!armed}
          >
            {transitions[step].label}
          </BigButton>
        </div>
      ) : null}

      {release ? <div className="border-t border-slate-200 pt-4">{release}</div> : null}
    </section>
  );
}

function DeliveredPanel({ job, justDelivered }: { job: TJob; justDelivered: boolean }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justDelivered) headingRef.current?.focus();
  }, [justDelivered]);
  return (
    <section
      aria-labelledby="delivered-heading"
      className="rounded-xl border-2 border-emerald-200 bg-emerald-50 p-5 text-center sm:p-6"
    >
      <div
        aria-hidden
        className="mx-auto flex size-14 items-center justify-center rounded-full bg-emerald-700 text-3xl text-white"
      >
        ✓
      </div>
      <h2
        id="delivered-heading"
        ref={headingRef}
        tabIndex={-1}
        className="mt-3 text-2xl font-bold text-emerald-900 outline-none"
      >
        {statusLabel.DELIVERED}
      </h2>
      {job.details?.deliveredAt ? (
        <p className="text-emerald-900">
          <DateTime value={job.details.deliveredAt} />
        </p>
      ) : null}
      <p className="mt-3 text-sm text-emerald-900">You earned</p>
      <p className="text-3xl font-bold text-emerald-900">{formatMoney(job.driverPayoutCents, job.currency)}</p>
      <div className="mt-5 flex flex-col gap-3 sm:flex-row sm:justify-center">
        <Link href="/driver" className={buttonClasses()}>
          Find your next load
        </Link>
        <Link href="/driver/earnings" className={buttonClasses({ variant: "secondary" })}>
          See earnings
        </Link>
      </div>
    </section>
  );
}

function PayLine({ job }: { job: TJob }) {
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 rounded-xl border border-slate-200 bg-white px-4 py-3">
      <p>
        <span className="text-sm text-slate-600">Your pay </span>
        <span className="text-2xl font-bold text-emerald-800">{formatMoney(job.driverPayoutCents, job.currency)}</span>
      </p>
      <p className="text-sm text-slate-600">
        <Distance metres={job.distanceKm * 1000} /> · about {formatDuration(job.durationMin)}
      </p>
    </div>
  );
}

/** "12 Main St, Chicago", unless the address already names the city. */
function withCity(address: string, city: string): string {
  return address.toLowerCase().includes(city.toLowerCase()) ? address : `${address}, ${city}`;
}

/**
 * The stop's address as one line: the geocoder's formatted address when it already holds the street line the
 * shipper kept ("233 S Wacker Dr, Chicago, IL 60606, USA"), else the street line with the city, and the formatted
 * address (a city or ZIP from the offline list) as a second line.
 */
function addressLines(address: string, city: string, formatted: string | null): [string, string | null] {
  if (formatted?.toLowerCase().includes(address.toLowerCase())) return [formatted, null];
  return [withCity(address, city), formatted];
}

type TPerson = { role: string; name: string | null; phone: string | null };

function StopCard({
  title,
  city,
  address,
  formattedAddress,
  point,
  start,
  end,
  zone,
  people,
  showDirections,
}: {
  title: string;
  city: string;
  address: string;
  /** The geocoder's address, null when the point was typed or on older loads. */
  formattedAddress: string | null;
  point: { lat: number; lng: number };
  start: Date;
  end: Date;
  /** The stop's IANA zone: the window is the dock's local time. */
  zone: string;
  people: TPerson[];
  showDirections: boolean;
}) {
  const headingId = useId();
  const listed = people.filter((p) => p.name || p.phone);
  const [line1, line2] = addressLines(address, city, formattedAddress);
  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      <address className="mt-2 text-base font-medium not-italic">
        {line1}
        {line2 ? <span className="block text-sm font-normal text-slate-600">{line2}</span> : null}
      </address>
      <dl className="mt-3 space-y-3 text-sm">
        <div>
          <dt className="text-slate-600">Window</dt>
          <dd className="font-medium">
            <TimeRange start={start} end={end} zone={zone} />
            <span className="font-normal text-slate-600">, {city} time</span>
          </dd>
        </div>
        {listed.map((p) => (
          <div key={p.role}>
            <dt className="text-slate-600">{p.role}</dt>
            <dd className="space-y-1">
              {p.name ? <span className="block font-medium">{p.name}</span> : null}
              {p.phone ? (
                <a
                  href={telHref(p.phone)}
                  className="inline-flex min-h-11 items-center gap-2 rounded-lg border border-slate-300 px-3 font-semibold text-brand-700 hover:bg-slate-50"
                >
                  Call<span className="sr-only"> {p.name ?? p.role.toLowerCase()} at</span> {p.phone}
                </a>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {showDirections ? (
        <a
          href={directionsHref(point)}
          target="_blank"
          rel="noreferrer"
          className="mt-4 inline-flex min-h-11 items-center font-semibold text-brand-700 underline"
        >
          Directions to {title.toLowerCase()} <span className="sr-only">(opens your maps app)</span>
        </a>
      ) : null}
      {showDirections ? (
        <a
          href={geoHref(point, line1)}
          className="mt-1 ml-4 inline-flex min-h-11 items-center text-sm text-brand-700 underline"
        >
          Open in another maps app<span className="sr-only"> ({title.toLowerCase()})</span>
        </a>
      ) : null}
    </section>
  );
}

function CargoCard({ job, shipper }: { job: TJob; shipper: TDetails["shipper"] | null }) {
  const { cargo } = job;
  const units = useUnits();
  const dims = cargo.lengthCm && cargo.widthCm && cargo.heightCm ? formatDimensions(cargo, units) : null;
  return (
    <section
      aria-labelledby="cargo-heading"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
    >
      <h2 id="cargo-heading" className="text-lg font-semibold">
        Cargo
      </h2>
      <p className="mt-2">{cargo.description}</p>
      {job.status !== "DELIVERED" && job.status !== "COMPLETED" && job.status !== "CANCELLED" ? (
        <p className="mt-2 text-sm text-slate-700">
          <span className="font-medium">Proof at delivery:</span> {describeProof(job.podRequires)}.
        </p>
      ) : null}
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-600">Weight</dt>
          <dd className="font-medium">
            <Weight kg={cargo.weightKg} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Vehicle</dt>
          <dd className="font-medium">{vehicleLabel[cargo.vehicleType]}</dd>
        </div>
        {dims ? (
          <div>
            <dt className="text-slate-600">Size</dt>
            <dd className="font-medium">{dims}</dd>
          </div>
        ) : null}
        {shipper ? (
          <div>
            <dt className="text-slate-600">Shipper</dt>
            <dd className="font-medium">
              {shipper.name}
              {shipper.phone ? (
                <>
                  {" · "}
                  <a href={telHref(shipper.phone)} className="text-brand-700 underline">
                    {shipper.phone}
                  </a>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
