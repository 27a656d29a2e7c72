"use client";

import { useEffect, useState } from "react";

import type { TLatLng } from "~/lib/geo";

export type TDevicePosition =
  { state: "locating" } | { state: "on"; position: TLatLng } | { state: "denied" } | { state: "unavailable" };

/**
 * Asks the browser for the phone's position once (the permission prompt appears on first use). Never blocks the
 * page: callers render with what they have and update when the position arrives. `precision` rounds the
 * coordinates (2 decimals ≈ 1 km) so query keys stay stable and we send no more than we need.
 */
export function useDevicePosition(opts: { precision?: number; enabled?: boolean } = {}): TDevicePosition {
  const { precision = 2, enabled = true } = opts;
  const [value, setValue] = useState<TDevicePosition>({ state: "locating" });

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const round = (n: number) => Math.round(n * 10 ** precision) / 10 ** precision;
    if (typeof navigator === "undefined" || !("geolocation" in navigator)) {
      queueMicrotask(() => {
        if (!cancelled) setValue({ state: "unavailable" });
      });
      return () => {
        cancelled = true;
      };
    }
    navigator.geolocation.getCurrentPosition(
      (p) => {
        if (!cancelled)
          setValue({ state: "on", position: { lat: round(p.coords.latitude), lng: round(p.coords.longitude) } });
      },
      (error) => {
        if (!cancelled) setValue({ state: error.code === error.PERMISSION_DENIED ? "denied" : "unavailable" });
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 5 * 60_000 },
    );
    return () => {
      cancelled = true;
    };
  }, [enabled, precision]);

  return value;
}
