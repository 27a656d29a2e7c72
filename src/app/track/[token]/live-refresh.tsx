"use client";

// The public tracking page is a server page; this island keeps it current. Each `status` event on the tracking
// channel with a newer version, and each (re)subscription or return to the tab (catch-up: Pusher keeps no history),
// re-renders the page on the server with router.refresh(): no navigation, no client state lost, and no tRPC client
// or query cache shipped to a signed-out visitor (the page's first-load JavaScript stays small). Without Pusher
// ("off") the page refreshes when the visitor comes back to the tab instead.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { useChannel, useRealtimeStatus } from "~/components/realtime/realtime-provider";
import { REALTIME_EVENTS, trackingChannel, type TStatusEvent } from "~/lib/realtime";

/** Live updates for `/track/{token}` while `enabled` (the shipment can still change). Renders nothing. */
export function LiveTrackingRefresh({ token, enabled }: { token: string; enabled: boolean }) {
  const router = useRouter();
  const realtime = useRealtimeStatus();
  const seenVersion = useRef(0);

  useChannel(
    enabled ? trackingChannel(token) : null,
    {
      [REALTIME_EVENTS.status]: (data) => {
        const { version } = data as TStatusEvent;
        if (version <= seenVersion.current) return;
        seenVersion.current = version;
        router.refresh();
      },
    },
    { onSync: () => router.refresh() },
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
