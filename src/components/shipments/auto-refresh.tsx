"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

export type TAutoRefreshProps = {
  /** Default 30 s. */
  intervalMs?: number;
  /** Stop refreshing (e.g. once the shipment can no longer change). */
  enabled?: boolean;
};

/** Re-renders the current server page every `intervalMs` while the tab is visible, and as soon as it is shown again. */
export function AutoRefresh({ intervalMs = 30_000, enabled = true }: TAutoRefreshProps) {
  const router = useRouter();
  useEffect(() => {
    if (!enabled) return;
    let last = Date.now();
    const refresh = () => {
      last = Date.now();
      router.refresh();
    };
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, intervalMs);
    const onVisible = () => {
      if (document.visibilityState === "visible" && Date.now() - last >= intervalMs) refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, intervalMs, enabled]);
  return null;
}
