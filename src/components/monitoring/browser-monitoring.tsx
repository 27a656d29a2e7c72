"use client";

// Browser errors to Sentry, only when the server passes a DSN (SENTRY_DSN, read at request time like the map and
// realtime settings), and in development to Spotlight when it passes the sidecar's URL (browser-spotlight.ts).
// Without either the SDK's chunk is never even downloaded, so nothing is sent anywhere.
import type * as SentryModule from "@sentry/nextjs";
import { useEffect } from "react";

type TSentry = typeof SentryModule;

let sentry: Promise<TSentry> | null = null;

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
    sentry = import("@sentry/nextjs").then((Sentry) => {
      Sentry.init({
        dsn: dsn ?? undefined,
        environment,
        tracesSampleRate: 0,
        integrations: spotlight ? [Sentry.spotlightBrowserIntegration({ sidecarUrl: spotlight })] : [],
      });
      return Sentry;
    });
  }, [dsn, environment, spotlight]);
  return null;
}

/** Sends an error an error boundary caught (React keeps those from the global handlers); no-op when off. */
export function reportBrowserError(error: unknown): void {
  void sentry?.then((Sentry) => Sentry.captureException(error));
}
