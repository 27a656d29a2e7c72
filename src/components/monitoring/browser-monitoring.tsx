"use client";

// Browser errors to Sentry, only when the server passes a DSN (SENTRY_DSN, read at request time like the map and
// realtime settings), and in development to Spotlight when it passes the sidecar's URL (browser-spotlight.ts).
// Without either the SDK's chunk is never even downloaded, so nothing is sent anywhere.
import type * as SentryModule from "@sentry/nextjs";
import { useEffect } from "react";

type TSentry = typeof SentryModule;

let sentry: Promise<TSentry | null> | null = null;

/**
 * Loads and starts the SDK. Its chunk is optional: when it cannot load (offline as the page opened) or init throws,
 * nothing reaches React or the global handlers; it tries again once the browser is back online.
 */
export function startBrowserSdk(
  opts: { dsn: string | null; environment: string; spotlight: string | null },
  load: () => Promise<TSentry> = () => import("@sentry/nextjs"),
): Promise<TSentry | null> {
  sentry = load()
    .then((Sentry) => {
      Sentry.init({
        dsn: opts.dsn ?? undefined,
        environment: opts.environment,
        tracesSampleRate: 0,
        integrations: opts.spotlight ? [Sentry.spotlightBrowserIntegration({ sidecarUrl: opts.spotlight })] : [],
      });
      return Sentry;
    })
    .catch(() => {
      sentry = null;
      window.addEventListener("online", () => void (sentry ?? startBrowserSdk(opts, load)), { once: true });
      return null;
    });
  return sentry;
}

/**
 * Starts the browser SDK once (uncaught errors and rejections are then captured by it); renders nothing. `dsn`:
 * Sentry's project DSN; `spotlight`: a Spotlight sidecar's stream URL (`http://localhost:4016/stream`), development
 * only. With only `spotlight`, events go to the sidecar and nowhere else.
 */
export function BrowserMonitoring({
  dsn,
  environment,
  spotlight = null,
}: {
  dsn: string | null;
  environment: string;
  spotlight?: string | null;
}) {
  useEffect(() => {
    if ((!dsn && !spotlight) || sentry) return;
    void startBrowserSdk({ dsn, environment, spotlight });
  }, [dsn, environment, spotlight]);
  return null;
}

/** Sends an error an error boundary caught (React keeps those from the global handlers); no-op when off. */
export function reportBrowserError(error: unknown): void {
  void sentry?.then((Sentry) => Sentry?.captureException(error));
}
