"use client";

// The one live map of a shipment, for the shipper's, the admin's, the driver's and the public tracking page: stops,
// planned route, trail, the driver marker gliding between fixes, the ETA in the viewer's time zone, the connection's
// health and how old the last fix is, with the same facts in words below the map. The base layer (offline SVG,
// MapLibre or Google, by server configuration) is its own chunk, loaded after first paint.
import { useId, useMemo, useSyncExternalStore } from "react";

import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { cx } from "~/components/ui/cx";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { greatCirclePoints, type TLatLng } from "~/lib/geo";
import { activeStatuses, deliveredStatuses, statusLabel } from "~/lib/shipment-state";
import type { TBaseLayerProps, TDriverMarker, TStop } from "./base-layer";
import { useViewerZone } from "~/components/time/viewer-zone";
import { useUnits } from "~/components/units/units-context";
import { formatDistance } from "~/lib/units";
import { formatClock, FRESHNESS_TICK_MS, freshness, remainingKm, type TFix } from "./geometry";
import { useMapConfig } from "./map-config-provider";
import { lazyMap } from "./lazy-map";
import { useAnimatedFix } from "./use-animated-fix";

// A base whose chunk fails (offline as the page opened) says so in the map's frame with a Retry (lazy-map.tsx):
// the page around it, such as the driver's delivery form, stays.
const OfflineBase = lazyMap(() => import("./offline-base"));
const MapLibreBase = lazyMap(() => import("./maplibre-base"));
const GoogleBase = lazyMap(() => import("./google-base"));

export type TLiveMapProps = {
  pickup: TStop;
  dropoff: TStop;
  /** Fixes ascending by `recordedAt`. */
  trail: readonly TFix[];
  /** The newest fix, null before the first. */
  last: TFix | null;
  /** Estimated arrival at the drop-off (instant), null when unknown. */
  etaAt: Date | null;
  /** When the newest fix was recorded (instant), null before the first. */
  lastSeenAt: Date | null;
  status: ShipmentStatus;
  /** The planned road route (issue 10); without it, the great circle between the stops. */
  route?: readonly TLatLng[];
  /** The first read of the trail is under way. */
  isLoading?: boolean;
  className?: string;
};

// A clock that ticks every FRESHNESS_TICK_MS, shared by every map on the page; null on the server and during
// hydration, so times in the viewer's zone and "… min ago" are only ever written by the browser.
const tick = {
  subscribe(onTick: () => void) {
    const id = setInterval(onTick, FRESHNESS_TICK_MS);
    return () => clearInterval(id);
  },
  now: () => Math.floor(Date.now() / FRESHNESS_TICK_MS) * FRESHNESS_TICK_MS,
};

function useNow(): number | null {
  return useSyncExternalStore(tick.subscribe, tick.now, () => null);
}

/** `stop` itself while its label and coordinates stay the same, so memos and effects keyed on it hold. */
function useStable(stop: TStop): TStop {
  const { label, lat, lng } = stop;
  return useMemo(() => ({ label, lat, lng }), [label, lat, lng]);
}

type TPhase = "unassigned" | "live" | "delivered" | "cancelled";

function phaseOf(status: ShipmentStatus): TPhase {
  if (deliveredStatuses.includes(status)) return "delivered";
  if (status === "CANCELLED") return "cancelled";
  if (activeStatuses.includes(status)) return "live";
  return "unassigned";
}

/** The live map for one shipment, drawn from props (see `ShipmentLiveMap` for the wrapper that reads them). */
export function LiveMap({
  pickup: pickupProp,
  dropoff: dropoffProp,
  trail,
  last,
  etaAt,
  lastSeenAt,
  status,
  route,
  isLoading = false,
  className,
}: TLiveMapProps) {
  const config = useMapConfig();
  const summaryId = useId();
  const now = useNow();
  const zone = useViewerZone();
  const units = useUnits();
  const phase = phaseOf(status);
  // Pages pass the stops as fresh objects on every render; the base layers refit and redraw only when they change.
  const pickup = useStable(pickupProp);
  const dropoff = useStable(dropoffProp);
  const plannedRoute = useMemo(
    () => (route && route.length > 1 ? route : greatCirclePoints(pickup, dropoff, 48)),
    [route, pickup, dropoff],
  );

  // A glide only while live: a finished delivery shows where it ended, at once.
  const animated = useAnimatedFix(phase === "live" ? last : null);
  const shownFix = phase === "live" ? animated : last;
  const fresh = now !== null ? freshness(lastSeenAt?.getTime() ?? last?.recordedAt ?? null, now) : null;
  const look: TDriverMarker["look"] = phase === "live" ? (fresh?.stale ? "stale" : "live") : "final";
  const driver: TDriverMarker | null = shownFix
    ? { lat: shownFix.lat, lng: shownFix.lng, headingDeg: look === "live" ? shownFix.headingDeg : null, look }
    : null;
  const driverLabel =
    look === "final"
      ? "Driver's last reported position"
      : `Driver${fresh ? `, ${fresh.label.charAt(0).toLowerCase()}${fresh.label.slice(1)}` : ""}`;

  const base: TBaseLayerProps = { pickup, dropoff, route: plannedRoute, trail, driver, driverLabel };

  // The banner over the map: one plain sentence on what the marker means right now.
  let banner: { text: string; tone: "info" | "warn" | "done" } | null = null;
  if (phase === "unassigned") banner = { text: "No driver yet: the map goes live once a driver accepts", tone: "info" };
  else if (phase === "delivered") banner = { text: statusLabel[status], tone: "done" };
  else if (phase === "cancelled") banner = { text: "Cancelled", tone: "done" };
  else if (!last) banner = isLoading ? null : { text: "Waiting for the driver's first position", tone: "info" };
  else if (fresh?.stale) banner = { text: fresh.label, tone: "warn" };

  const eta = phase === "live" && etaAt && now !== null ? `ETA ${formatClock(etaAt, new Date(now), zone)}` : null;
  const kmLeft = phase === "live" && last ? remainingKm(last, dropoff, route) : null;
  const summary = [
    phase === "live" && last && now !== null
      ? `Driver's last position reported at ${formatClock(new Date(last.recordedAt), new Date(now), zone)}${
          fresh ? ` (${fresh.stale ? fresh.label.toLowerCase() : fresh.label.replace("Updated", "updated")})` : ""
        }.`
      : null,
    kmLeft !== null ? `${formatDistance(kmLeft * 1000, units)} from the drop-off in a straight line.` : null,
    eta ? `${eta.replace("ETA", "Estimated arrival")}.` : null,
    `From ${pickup.label} to ${dropoff.label}.`,
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <div className={cx("space-y-2", className)} data-testid="live-map">
      <div className="flex min-h-6 flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <p className="text-sm font-semibold text-slate-900" data-testid="map-eta">
          {eta ?? (phase === "live" ? "ETA not known yet" : statusLabel[status])}
        </p>
        {phase === "live" ? <ConnectionIndicator /> : null}
      </div>
      <div
        className="relative aspect-[3/2] w-full overflow-hidden rounded-lg border border-slate-200 bg-sky-50"
        aria-describedby={summaryId}
      >
        {config.provider === "google" ? (
          <GoogleBase {...base} apiKey={config.apiKey} mapId={config.mapId} />
        ) : config.provider === "maplibre" ? (
          <MapLibreBase {...base} styleUrl={config.styleUrl} />
        ) : (
          <OfflineBase {...base} />
        )}
        {banner ? (
          <p
            role="status"
            data-testid="map-banner"
            className={cx(
              "absolute top-2 left-2 max-w-[85%] rounded-md px-2.5 py-1 text-sm font-medium shadow-sm",
              banner.tone === "warn" && "bg-amber-100 text-amber-900",
              banner.tone === "info" && "bg-white/95 text-slate-800",
              banner.tone === "done" && "bg-slate-800 text-white",
            )}
          >
            {banner.text}
          </p>
        ) : null}
        {config.provider === "offline" ? (
          <p className="absolute right-2 bottom-1.5 rounded bg-white/85 px-1.5 text-xs text-slate-600">
            Simplified map (offline)
          </p>
        ) : null}
      </div>
      <p id={summaryId} className="min-h-5 text-sm text-slate-700" data-testid="map-summary">
        {summary}
      </p>
    </div>
  );
}
