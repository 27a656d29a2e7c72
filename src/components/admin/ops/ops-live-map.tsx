"use client";

// The admins' live operations map (issue 14 §1): every active shipment where its driver last was and every online
// driver, filtered by status and lateness, kept live over the admins-only `private-ops` channel: a `location` event
// moves its shipment's point at once, a `status` event re-reads the list (at most every 2 seconds). The same facts
// are listed below the map as the text alternative.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";

import { MapPlaceholder } from "~/components/map/map-placeholder";
import { useMapConfig } from "~/components/map/map-config-provider";
import { OPS_COLOURS, type TOpsPoint } from "~/components/map/ops-map-points";
import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { useChannel } from "~/components/realtime/realtime-provider";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { SelectField } from "~/components/ui/field";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import { OPS_CHANNEL, REALTIME_EVENTS, type TLocationEvent } from "~/lib/realtime";
import { statusLabel } from "~/lib/shipment-state";
import { api } from "~/trpc/react";

const OpsMapOffline = dynamic(() => import("~/components/map/ops-map-offline"), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});
const OpsMapMapLibre = dynamic(() => import("~/components/map/ops-map-maplibre"), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

type TStatusFilter = "" | "ASSIGNED" | "PICKED_UP" | "IN_TRANSIT";
type TLateness = "all" | "late" | "onTime";

const REFETCH_AFTER_STATUS_MS = 2_000;

export function OpsLiveMap() {
  const [status, setStatus] = useState<TStatusFilter>("");
  const [lateness, setLateness] = useState<TLateness>("all");
  const query = api.adminOps.liveMap.useQuery({ status: status || undefined, lateness }, { refetchInterval: 60_000 });
  // Positions heard since the last read, by shipment: applied over the list until the next read replaces it.
  const [moved, setMoved] = useState<Record<string, { lat: number; lng: number; at: string }>>({});
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mapConfig = useMapConfig();

  const refetchSoon = () => {
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void query.refetch().then(() => setMoved({}));
    }, REFETCH_AFTER_STATUS_MS);
  };
  useChannel(
    OPS_CHANNEL,
    {
      [REALTIME_EVENTS.location]: (data) => {
        const e = data as TLocationEvent;
        setMoved((m) => ({ ...m, [e.shipmentId]: { lat: e.lat, lng: e.lng, at: e.recordedAt } }));
      },
      [REALTIME_EVENTS.status]: () => refetchSoon(),
    },
    { onSync: () => void query.refetch() },
  );

  const shipments = useMemo(
    () =>
      (query.data?.shipments ?? []).map((s) => {
        const m = moved[s.id];
        return m ? { ...s, lat: m.lat, lng: m.lng, positionAt: new Date(m.at) } : s;
      }),
    [query.data, moved],
  );
  const points = useMemo<TOpsPoint[]>(() => {
    const out: TOpsPoint[] = [];
    for (const s of shipments) {
      if (s.lat === null || s.lng === null) continue;
      const flags = [s.late ? "late" : null, s.held ? "on hold" : null].filter(Boolean).join(", ");
      out.push({
        id: s.id,
        kind: s.held ? "held" : s.late ? "late" : "shipment",
        lat: s.lat,
        lng: s.lng,
        label: `${s.reference} · ${statusLabel[s.status]}${flags ? ` · ${flags}` : ""}`,
      });
    }
    for (const d of query.data?.drivers ?? []) {
      out.push({ id: d.id, kind: "driver", lat: d.lat, lng: d.lng, label: `Driver ${d.name} (online)` });
    }
    return out;
  }, [shipments, query.data]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <SelectField
          label="Status"
          placeholder="Every active status"
          value={status}
          onChange={(e) => setStatus(e.target.value as TStatusFilter)}
          options={(["ASSIGNED", "PICKED_UP", "IN_TRANSIT"] as const).map((s) => ({ value: s, label: statusLabel[s] }))}
        />
        <SelectField
          label="Lateness"
          value={lateness}
          onChange={(e) => setLateness(e.target.value as TLateness)}
          options={[
            { value: "all", label: "Late and on time" },
            { value: "late", label: "Late only" },
            { value: "onTime", label: "On time only" },
          ]}
        />
        <ConnectionIndicator />
      </div>

      <ul className="flex flex-wrap gap-4 text-sm text-slate-700" aria-label="Legend">
        {(
          [
            ["shipment", "Shipment"],
            ["late", "Late"],
            ["held", "On hold"],
            ["driver", "Online driver"],
          ] as const
        ).map(([kind, label]) => (
          <li key={kind} className="flex items-center gap-1.5">
            <span
              aria-hidden
              className={kind === "driver" ? "inline-block size-3" : "inline-block size-3 rounded-full"}
              style={{ background: OPS_COLOURS[kind] }}
            />
            {label}
          </li>
        ))}
      </ul>

      <div className="aspect-[3/2] w-full overflow-hidden rounded-xl border border-slate-200 bg-slate-100">
        {mapConfig.provider === "maplibre" ? (
          <OpsMapMapLibre styleUrl={mapConfig.styleUrl} points={points} />
        ) : (
          <OpsMapOffline points={points} />
        )}
      </div>

      {query.isPending ? (
        <Spinner label="Loading active shipments…" />
      ) : query.isError ? (
        <Alert tone="error" title="Could not load the map">
          {getErrorMessage(query.error)}
        </Alert>
      ) : shipments.length === 0 ? (
        <EmptyState
          title="No active shipments match"
          description="Loads with a driver on them (assigned, picked up, in transit) appear here with their last position."
        />
      ) : (
        <section aria-labelledby="ops-list-heading" className="space-y-2">
          <h2 id="ops-list-heading" className="text-lg font-semibold">
            {shipments.length} active {shipments.length === 1 ? "shipment" : "shipments"}, {query.data.drivers.length}{" "}
            online {query.data.drivers.length === 1 ? "driver" : "drivers"}
          </h2>
          {query.data.truncated ? (
            <p className="text-sm text-slate-600">
              Showing the most recently updated; narrow the filters to see others.
            </p>
          ) : null}
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {shipments.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 p-3" data-shipment-id={s.id}>
                <div className="min-w-0 space-y-0.5">
                  <p className="flex flex-wrap items-center gap-2">
                    <Link href={`/admin/shipments/${s.id}`} className="font-semibold text-brand-700 underline">
                      {s.reference}
                    </Link>
                    <StatusBadge status={s.status} />
                    {s.late ? <Badge tone="danger">Late</Badge> : null}
                    {s.held ? <Badge tone="warning">On hold</Badge> : null}
                  </p>
                  <p className="text-sm text-slate-600">
                    {s.route}
                    {s.driverName ? ` · ${s.driverName}` : ""}
                  </p>
                </div>
                <p className="text-sm text-slate-700" data-testid="last-position">
                  {s.positionAt && s.lat !== null && s.lng !== null ? (
                    <>
                      {s.lat.toFixed(3)}, {s.lng.toFixed(3)} · <DateTime value={s.positionAt} format="relative" />
                    </>
                  ) : (
                    "No position yet"
                  )}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
