"use client";

// The public tracking page is a server page; this island keeps it current. Each `status` event on the tracking
// channel with a newer version, and each (re)subscription or return to the tab (catch-up: Pusher keeps no history),
// re-renders the page on the server with router.refresh(): no navigation, no client state lost, and no tRPC client
// or query cache shipped to a signed-out visitor (the page's first-load JavaScript stays small). `location` events
// move the map at once; the header's ETA and progress, rendered on the server, follow them with a refresh at most
// every HEADER_REFRESH_MS, so the two never disagree for long and a moving truck costs one render per viewer per
// 10 s, not one per fix. Without Pusher ("off") the page refreshes when the visitor comes back to the tab instead.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { useChannel, useRealtimeStatus } from "~/components/realtime/realtime-provider";
import { REALTIME_EVENTS, trackingChannel, type TStatusEvent } from "~/lib/realtime";

/** The longest the header's ETA and progress lag the map while the driver moves (ms). */
export const HEADER_REFRESH_MS = 10_000;

/** Live updates for `/track/{token}` while `enabled` (the shipment can still change). Renders nothing. */
export function LiveTrackingRefresh({ token, enabled }: { token: string; enabled: boolean }) {
  const router = useRouter();
  const realtime = useRealtimeStatus();
  const seenVersion = useRef(0);
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  useChannel(
    enabled ? trackingChannel(token) : null,
    {
      [REALTIME_EVENTS.status]: (data) => {
        const { version } = data as TStatusEvent;
        if (version <= seenVersion.current) return;
        seenVersion.current = version;
        lastRefresh.current = Date.now();
        router.refresh();
      },
      [REALTIME_EVENTS.location]: () => {
        if (pending.current) return;
        const wait = Math.max(0, lastRefresh.current + HEADER_REFRESH_MS - Date.now());
        pending.current = setTimeout(() => {
          pending.current = null;
          lastRefresh.current = Date.now();
          router.refresh();
        }, wait);
      },
    },
    {
      onSync: () => {
        lastRefresh.current = Date.now();
        router.refresh();
      },
    },
  );

  useEffect(() => {
    if (!enabled || realtime !== "off") return;
    const onVisible = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [enabled, realtime, router]);

  return null;
}
