"use client";

// The viewer's time zone for every <DateTime> (src/lib/viewer-zone.ts): the zone the root layout read from the
// cookie, the same value on the server render and in the browser. ViewerZoneSync tells the server the browser's
// zone when it differs, and refreshes the page's server components once so every time on it follows.
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect } from "react";

import { DEFAULT_VIEWER_ZONE, validZone, VIEWER_ZONE_COOKIE } from "~/lib/viewer-zone";

const ViewerZoneContext = createContext<string>(DEFAULT_VIEWER_ZONE);

/** The IANA zone every instant on the page is shown in (UTC until the browser has told the server its own). */
export function useViewerZone(): string {
  return useContext(ViewerZoneContext);
}

/** Provides `zone` (validated by the caller with validZone) to the tree below and keeps it in step with the browser. */
export function ViewerZoneProvider({ zone, children }: { zone: string; children: React.ReactNode }) {
  return (
    <ViewerZoneContext value={zone}>
      <ViewerZoneSync zone={zone} />
      {children}
    </ViewerZoneContext>
  );
}

// One refresh per page load at most: with cookies blocked the cookie never sticks, and the page must not loop.
let refreshed = false;

/**
 * After hydration: when the browser's zone differs from `zone`, stores it in the cookie (a year, SameSite=Lax) and
 * refreshes the server components once; nothing when they agree or the browser's zone is unknown.
 */
function ViewerZoneSync({ zone }: { zone: string }) {
  const router = useRouter();
  useEffect(() => {
    const browser = validZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (!browser || browser === zone || refreshed) return;
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${VIEWER_ZONE_COOKIE}=${encodeURIComponent(browser)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    if (!document.cookie.includes(`${VIEWER_ZONE_COOKIE}=`)) return;
    refreshed = true;
    router.refresh();
  }, [zone, router]);
  return null;
}
