import "~/styles/globals.css";

import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";

import { MapConfigProvider } from "~/components/map/map-config-provider";
import { BrowserMonitoring } from "~/components/monitoring/browser-monitoring";
import { RealtimeProvider } from "~/components/realtime/realtime-provider";
import { ViewerZoneProvider } from "~/components/time/viewer-zone";
import { UnitsProvider } from "~/components/units/units-context";
import { env } from "~/env";
import { DEFAULT_VIEWER_ZONE, validZone, VIEWER_ZONE_COOKIE } from "~/lib/viewer-zone";
import { mapClientConfig } from "~/server/maps/config";
import { browserSpotlightUrl } from "~/server/monitoring/browser-spotlight";
import { realtimeClientConfig } from "~/server/realtime/config";
import { cookieUnits } from "~/server/units";

export const metadata: Metadata = {
  // Absolute URLs for Open Graph images follow the configured public address.
  metadataBase: new URL(env.APP_URL),
  title: { default: "Trial Transport", template: "%s · Trial Transport" },
  description: "Post loads, find loads, and follow every delivery live.",
  icons: [{ rel: "icon", url: "/favicon.svg" }],
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1d4ed8" };

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // The Content-Security-Policy nonce is new on every request (src/proxy.ts), and Next.js can only stamp it on
  // scripts it renders for that request: no page may be prerendered.
  await connection();
  // Every instant on the page is shown in the browser's zone, which it keeps in a cookie (src/lib/viewer-zone.ts).
  const zone = validZone((await cookies()).get(VIEWER_ZONE_COOKIE)?.value) ?? DEFAULT_VIEWER_ZONE;
  // Distances, weights and rates in the browser's units (src/lib/units.ts); the account's choice wins in AppShell.
  const units = await cookieUnits();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {/* No tRPC provider here: the signed-in frame (AppShell) and the auth pages bring it, so the public tracking
            page ships none of tRPC, TanStack Query, superjson or Zod before first paint. */}
        <ViewerZoneProvider zone={zone}>
          <UnitsProvider cookieUnits={units}>
            <RealtimeProvider config={realtimeClientConfig()}>
              <MapConfigProvider config={mapClientConfig()}>{children}</MapConfigProvider>
            </RealtimeProvider>
          </UnitsProvider>
        </ViewerZoneProvider>
        <BrowserMonitoring
          dsn={env.SENTRY_DSN ?? null}
          environment={env.SENTRY_ENVIRONMENT ?? env.NODE_ENV}
          spotlight={browserSpotlightUrl()}
        />
      </body>
    </html>
  );
}
