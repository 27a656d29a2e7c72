// Public tracking for the recipient: no account, no names, phones, emails or addresses (the procedure's output
// schema guarantees that). Live while the shipment can still change (LiveTrackingRefresh: status events on the
// tracking channel). An unknown, malformed or expired link answers 404 with not-found.tsx.
import type { Metadata } from "next";

import { TrackingLiveMap } from "~/components/map/tracking-live-map";
import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { RouteCities } from "~/components/shipments/route-cities";
import { cx } from "~/components/ui/cx";
import { DateTime } from "~/components/ui/date-time";
import { env } from "~/env";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { canTransition, happyPath, shipmentActions, statusLabel } from "~/lib/shipment-state";
import { LiveTrackingRefresh } from "./live-refresh";
import { loadTrackingOrNotFound } from "./load-tracking";
import { PublicFrame } from "./public-frame";

type TProps = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { token } = await params;
  const t = await loadTrackingOrNotFound(token);
  const title = `Tracking ${t.reference} · ${statusLabel[t.status]}`;
  const description = `${t.pickupCity} → ${t.dropoffCity}: follow this delivery live.`;
  return {
    metadataBase: new URL(env.APP_URL),
    title: { absolute: title },
    description,
    robots: { index: false, follow: false },
    openGraph: {
      title,
      description,
      siteName: "Trial Transport",
      images: [{ url: `/track/${encodeURIComponent(token)}/opengraph-image`, width: 1200, height: 630, alt: title }],
    },
    twitter: { card: "summary_large_image", title, description },
  };
}

/** Statuses after which nothing changes any more (no transition leaves them, for anybody). */
function isFinal(status: ShipmentStatus): boolean {
  return shipmentActions.every((a) => !canTransition(status, a));
}

const statusHint: Record<ShipmentStatus, string> = {
  DRAFT: "The sender has not scheduled this delivery yet.",
  POSTED: "The sender is finding a driver for this delivery.",
  ASSIGNED: "A driver has accepted the delivery and will pick it up soon.",
  PICKED_UP: "The driver has picked up the shipment.",
  IN_TRANSIT: "The shipment is on its way to you.",
  DELIVERED: "The shipment has been delivered.",
  COMPLETED: "The shipment has been delivered.",
  CANCELLED: "This delivery was cancelled by the sender.",
};

export default async function TrackingPage({ params }: TProps) {
  const { token } = await params;
  const t = await loadTrackingOrNotFound(token);

  const percent = Math.round(t.progress * 100);
  const steps: readonly ShipmentStatus[] = happyPath.filter((s) => s !== "DRAFT");
  const currentStep = steps.indexOf(t.status);
  const final = isFinal(t.status);

  return (
    <PublicFrame>
      <LiveTrackingRefresh token={token} enabled={!final} />
      <div className="space-y-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Tracking {t.reference}</h1>
          <RouteCities from={t.pickupCity} to={t.dropoffCity} className="text-lg text-slate-700" />
        </div>

        <section
          aria-labelledby="status-heading"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="status-heading" className="text-sm font-semibold tracking-wide text-slate-600 uppercase">
              Status
            </h2>
            {final ? null : <ConnectionIndicator />}
          </div>
          {/* A live region: when the page refreshes with a new status, screen readers hear it. */}
          <div role="status" className="mt-1 space-y-2">
            <p className="text-3xl font-bold sm:text-4xl" data-testid="tracking-status">
              {statusLabel[t.status]}
            </p>
            <p className="text-slate-700">{statusHint[t.status]}</p>
            {t.deliveredAt ? (
              <p className="text-lg">
                Delivered <DateTime value={t.deliveredAt} className="font-semibold" />
              </p>
            ) : t.etaAt ? (
              <p className="text-lg">
                Estimated arrival <DateTime value={t.etaAt} className="font-semibold" />
              </p>
            ) : null}
          </div>

          {t.status !== "CANCELLED" ? (
            <div className="mt-5 space-y-2">
              <div className="flex justify-between text-sm">
                <span id="progress-label" className="font-medium">
                  Progress
                </span>
                <span aria-hidden className="tabular-nums">
                  {percent} %
                </span>
              </div>
              <div
                role="progressbar"
                aria-labelledby="progress-label"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                aria-valuetext={`${percent}% of the way`}
                className="h-3 overflow-hidden rounded-full bg-slate-200"
              >
                <div className="h-full rounded-full bg-brand-600" style={{ width: `${percent}%` }} />
              </div>
            </div>
          ) : null}
        </section>

        {t.deliveryPhoto ? (
          <section
            aria-labelledby="delivery-photo-heading"
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
          >
            <h2 id="delivery-photo-heading" className="mb-3 text-lg font-semibold">
              Delivery photo
            </h2>
            <figure>
              <a href={`/api/tracking/${encodeURIComponent(token)}/delivery-photo?size=full`} className="block">
                {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived signed URL behind a redirect: next/image would cache it. */}
                <img
                  src={`/api/tracking/${encodeURIComponent(token)}/delivery-photo`}
                  alt="Photo of the delivered shipment, taken by the driver"
                  className="max-h-80 w-full rounded-lg border border-slate-200 object-contain"
                />
              </a>
              <figcaption className="mt-1 text-sm text-slate-600">
                Taken by the driver at delivery. Tap to open the full photo.
              </figcaption>
            </figure>
          </section>
        ) : null}

        <section
          aria-labelledby="map-heading"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
        >
          <h2 id="map-heading" className="mb-3 text-lg font-semibold">
            Route
          </h2>
          <TrackingLiveMap
            token={token}
            pickup={{ label: t.pickupCity, ...t.pickupArea }}
            dropoff={{ label: t.dropoffCity, ...t.dropoffArea }}
            status={t.status}
          />
        </section>

        {t.status !== "CANCELLED" ? (
          <section
            aria-labelledby="steps-heading"
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
          >
            <h2 id="steps-heading" className="mb-3 text-lg font-semibold">
              Delivery steps
            </h2>
            <ol className="grid gap-2 sm:grid-cols-6 sm:gap-1">
              {steps.map((step, i) => {
                const state = i < currentStep ? "done" : i === currentStep ? "current" : "upcoming";
                return (
                  <li
                    key={step}
                    aria-current={state === "current" ? "step" : undefined}
                    className="flex items-center gap-3 sm:flex-col sm:items-start sm:gap-2"
                  >
                    <span
                      aria-hidden
                      className={cx(
                        "h-2 w-8 shrink-0 rounded-full sm:w-full",
                        state === "upcoming" ? "bg-slate-200" : "bg-brand-600",
                      )}
                    />
                    <span
                      className={cx(
                        "text-sm",
                        state === "current" ? "font-bold" : state === "done" ? "text-slate-800" : "text-slate-500",
                      )}
                    >
                      {statusLabel[step]}
                      <span className="sr-only">
                        {state === "done" ? " (done)" : state === "current" ? " (current step)" : " (to come)"}
                      </span>
                    </span>
                  </li>
                );
              })}
            </ol>
          </section>
        ) : null}

        <p className="text-sm text-slate-600">
          Updated <DateTime value={new Date()} />
          {final ? "." : ". This page updates by itself while the delivery is under way."} For privacy, it shows no
          names, phone numbers or addresses.
        </p>
      </div>
    </PublicFrame>
  );
}
