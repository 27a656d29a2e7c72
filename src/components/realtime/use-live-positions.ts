"use client";

// A shipment's live trail for every map: the first read through tRPC (pages may prefetch it with the same input),
// then each `location` event merged into the TanStack Query cache, and after every (re)subscription or return to
// the tab a catch-up read `since` the newest point held. No polling: without Pusher the trail stays as first read.
import { skipToken } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef } from "react";

import { REALTIME_EVENTS, trackingChannel, type TLocationEvent, type TTrailPoint } from "~/lib/realtime";
import { catchUpTrail, mergePage, type TTrailCache, type TTrailPage, trailPointFromEvent } from "~/lib/trail";
import { api } from "~/trpc/react";
import { useChannel } from "./realtime-provider";
import { useShipmentChannel } from "./use-shipment-channel";

export type TLivePositionsSource = { shipmentId: string } | { token: string };

export type TLivePositions = {
  /** Ascending by `recordedAt`, one point per fix, at most TRAIL_CAP (2,000) of the newest. */
  trail: TTrailPoint[];
  /** The newest fix, null before the first. */
  last: TTrailPoint | null;
  /** Estimated arrival at the drop-off (UTC instant), null when unknown (or, on a tracking link, not on the road). */
  etaAt: Date | null;
  /** When the newest fix was recorded (UTC instant), null before the first: show "last seen … ago" from it. */
  lastSeenAt: Date | null;
  /** The first read is under way. */
  isLoading: boolean;
};

/**
 * Live events carry one fix per published second at most (and the phone sends a batch every 5 s), so the fixes in
 * between come through tRPC: when a live fix is this much newer than the point up to which the trail was last read
 * completely, the hook reads since that point. At most one read per 30 s of driving per viewer, and a replay of an
 * offline queue shows in full at once.
 */
const FILL_AFTER_MS = 30_000;
/** Points asked for per catch-up read (the procedures' maximum). */
const PAGE = 500;
const EMPTY: TTrailPoint[] = [];

function isLocationEvent(data: unknown): data is TLocationEvent {
  const e = data as Partial<TLocationEvent> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.lat === "number" &&
    typeof e.lng === "number" &&
    typeof e.recordedAt === "string" &&
    Number.isFinite(Date.parse(e.recordedAt))
  );
}

/**
 * The live trail of a shipment, by id (`tracking.positions`: its shipper, driver or an admin) or by public tracking
 * token (`tracking.positionsByToken`, signed out), subscribed to the parties' channel (useShipmentChannel) or `trackingChannel(token)`.
 * The cache key is the procedure's input `{ shipmentId }` or `{ token }` with nothing else: prefetch exactly that.
 * `enabled: false` reads and subscribes nothing. Connection health is `useRealtimeStatus()`.
 */
export function useLivePositions(source: TLivePositionsSource, opts: { enabled?: boolean } = {}): TLivePositions {
  const enabled = opts.enabled ?? true;
  const shipmentId = "shipmentId" in source ? source.shipmentId : null;
  const token = "token" in source ? source.token : null;
  const utils = api.useUtils();

  // Live events keep the data fresh; a refetch on focus or reconnect would only shrink a long trail to the latest
  // window, so catching up is left to `onSync`.
  const queryOpts = { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false } as const;
  const byId = api.tracking.positions.useQuery(enabled && shipmentId !== null ? { shipmentId } : skipToken, queryOpts);
  const byToken = api.tracking.positionsByToken.useQuery(enabled && token !== null ? { token } : skipToken, queryOpts);
  const query = shipmentId !== null ? byId : byToken;

  // One cache interface over the two procedures, so the merging below is written once.
  const cache = useMemo((): TTrailCache => {
    if (shipmentId !== null) {
      const input = { shipmentId };
      return {
        get: () => utils.tracking.positions.getData(input),
        update: (fn: (page: TTrailPage) => TTrailPage) =>
          utils.tracking.positions.setData(input, (old) => (old ? fn(old) : old)),
        ensure: () => utils.tracking.positions.ensureData(input),
        since: (since: number) => utils.client.tracking.positions.query({ shipmentId, since, limit: PAGE }),
      };
    }
    const input = { token: token ?? "" };
    return {
      get: () => utils.tracking.positionsByToken.getData(input),
      update: (fn: (page: TTrailPage) => TTrailPage) =>
        utils.tracking.positionsByToken.setData(input, (old) => (old ? fn(old) : old)),
      ensure: () => utils.tracking.positionsByToken.ensureData(input),
      since: (since: number) =>
        utils.client.tracking.positionsByToken.query({ token: input.token, since, limit: PAGE }),
    };
  }, [shipmentId, token, utils]);

  // One catch-up at a time; a sync asked for meanwhile runs once more when it ends. `through`: the trail is complete
  // up to this recordedAt (the newest point of the last tRPC read); live events add points past it.
  const sync = useRef<{ running: boolean; again: boolean; through: number | null }>({
    running: false,
    again: false,
    through: null,
  });
  useEffect(() => {
    sync.current.through = null;
  }, [cache]);
  const catchUp = useCallback(async () => {
    const state = sync.current;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.again = false;
        await cache.ensure();
        state.through = await catchUpTrail(cache, state.through ?? cache.get()?.points.at(-1)?.recordedAt);
      } while (state.again);
    } catch {
      // Offline or refused: the next (re)subscription or return to the tab tries again.
    } finally {
      state.running = false;
    }
  }, [cache]);

  const onLocation = useCallback(
    (data: unknown) => {
      if (!isLocationEvent(data)) return;
      if (shipmentId !== null && data.shipmentId !== shipmentId) return;
      const held = cache.get();
      if (!held) {
        // The first read is still under way and may miss this fix: read what follows it once it lands.
        void catchUp();
        return;
      }
      const point = trailPointFromEvent(data);
      cache.update((old) => mergePage(old, [point], data.etaAt ? new Date(data.etaAt) : null, null));
      const through = sync.current.through ?? held.points.at(-1)?.recordedAt ?? 0;
      if (point.recordedAt - through > FILL_AFTER_MS) void catchUp();
    },
    [cache, catchUp, shipmentId],
  );

  const partiesChannel = useShipmentChannel(enabled ? shipmentId : null);
  const channel = !enabled ? null : shipmentId !== null ? partiesChannel : trackingChannel(token ?? "");
  useChannel(channel, { [REALTIME_EVENTS.location]: onLocation }, { onSync: () => void catchUp() });

  const data = query.data;
  const trail = data?.points ?? EMPTY;
  return {
    trail,
    last: trail.at(-1) ?? null,
    etaAt: data?.etaAt ?? null,
    lastSeenAt: data?.lastPositionAt ?? null,
    isLoading: query.isLoading,
  };
}
