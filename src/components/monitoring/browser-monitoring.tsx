"use client";

// Browser errors to Sentry, only when the server passes a DSN (SENTRY_DSN, read at request time like the map and
// realtime settings). Without one the SDK's chunk is never even downloaded, so nothing is sent anywhere.
import type * as SentryModule from "@sentry/nextjs";
import { useEffect } from "react";

type TSentry = typeof SentryModule;

let sentry: Promise<TSentry> | null = null;

/** Starts the browser SDK once (uncaught errors and rejections are then captured by it); renders nothing. */
export function BrowserMonitoring({ dsn, environment }: { dsn: string | null; environment: string }) {
  useEffect(() => {
    if (!dsn || sentry) return;
    sentry = import("@sentry/nextjs").then((Sentry) => {
      Sentry.init({ dsn, environment, tracesSampleRate: 0 });
      return Sentry;
    });
  }, [dsn, environment]);
  return null;
}

/** Sends an error an error boundary caught (React keeps those from the global handlers); no-op when off. */
export function reportBrowserError(error: unknown): void {
  void sentry?.then((Sentry) => Sentry.captureException(error));
}
