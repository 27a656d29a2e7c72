"use client";

// A shipment's live trail for every map: the first read through tRPC (pages may prefetch it with the same input),
// then each `location` event merged into the TanStack Query cache, and after every (re)subscription or return to
// the tab a catch-up read `since` the newest point held. No polling: without Pusher the trail stays as first read.
import { skipToken } from "@tanstack/react-query";
import { useCallback, useMemo, useRef } from "react";

import {
  REALTIME_EVENTS,
  shipmentChannel,
  trackingChannel,
  type TLocationEvent,
  type TTrailPoint,
} from "~/lib/realtime";
import { mergeTrail, trailPointFromEvent } from "~/lib/trail";
import { api, type RouterOutputs } from "~/trpc/react";
import { useChannel } from "./realtime-provider";

type TPage = RouterOutputs["tracking"]["positions"];

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

/** The cache page with `incoming` points merged in and the ETA / last-seen instants from the newer source. */
function withPoints(page: TPage, incoming: TTrailPoint[], etaAt: Date | null, lastPositionAt: Date | null): TPage {
  const points = mergeTrail(page.points, incoming);
  const newest = points.at(-1)?.recordedAt ?? null;
  const lastAt =
    lastPositionAt && (!page.lastPositionAt || lastPositionAt > page.lastPositionAt)
      ? lastPositionAt
      : page.lastPositionAt;
  const seen = newest !== null && (!lastAt || newest > lastAt.getTime()) ? new Date(newest) : lastAt;
  if (points === page.points && etaAt?.getTime() === page.etaAt?.getTime() && seen === page.lastPositionAt) return page;
  return { ...page, points, etaAt, lastPositionAt: seen };
}

/**
 * The live trail of a shipment, by id (`tracking.positions`: its shipper, driver or an admin) or by public tracking
 * token (`tracking.positionsByToken`, signed out), subscribed to `shipmentChannel(id)` or `trackingChannel(token)`.
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
  const cache = useMemo(() => {
    if (shipmentId !== null) {
      const input = { shipmentId };
      return {
        get: () => utils.tracking.positions.getData(input),
        update: (fn: (page: TPage) => TPage) => utils.tracking.positions.setData(input, (old) => (old ? fn(old) : old)),
        ensure: () => utils.tracking.positions.ensureData(input),
        since: (since: number | null) => utils.client.tracking.positions.query({ shipmentId, since, limit: PAGE }),
      };
    }
    const input = { token: token ?? "" };
    return {
      get: () => utils.tracking.positionsByToken.getData(input),
      update: (fn: (page: TPage) => TPage) =>
        utils.tracking.positionsByToken.setData(input, (old) => (old ? fn(old) : old)),
      ensure: () => utils.tracking.positionsByToken.ensureData(input),
      since: (since: number | null) =>
        utils.client.tracking.positionsByToken.query({ token: input.token, since, limit: PAGE }),
    };
  }, [shipmentId, token, utils]);

  // One catch-up at a time; a sync asked for meanwhile runs once more when it ends.
  const sync = useRef({ running: false, again: false });
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
        let more = true;
        while (more) {
          const since = cache.get()?.points.at(-1)?.recordedAt ?? 0;
          const page = await cache.since(since);
          cache.update((old) => withPoints(old, page.points, page.etaAt, page.lastPositionAt));
          more = page.hasMore && page.points.length > 0;
        }
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
      const etaAt = data.etaAt ? new Date(data.etaAt) : null;
      if (!cache.get()) {
        // The first read is still under way and may miss this fix: read what follows it once it lands.
        void catchUp();
        return;
      }
      cache.update((old) => withPoints(old, [trailPointFromEvent(data)], etaAt, null));
    },
    [cache, catchUp, shipmentId],
  );

  const channel = !enabled ? null : shipmentId !== null ? shipmentChannel(shipmentId) : trackingChannel(token ?? "");
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
