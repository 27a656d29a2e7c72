// Runs once when a server process starts (Next.js instrumentation hook): Sentry when configured (SENTRY_DSN or
// SENTRY_SPOTLIGHT), the pages' access log (page-log.ts), and the outbox's start-up sweep, so events a previous process committed but never sent go
// out without waiting for the relay cron.
import type { Instrumentation } from "next";

export async function register(): Promise<void> {
  // Next.js sets NEXT_RUNTIME per runtime (it is not configuration); the documented guard keeps the database code
  // out of any edge bundle.
  // eslint-disable-next-line no-restricted-syntax
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startSentry } = await import("./server/monitoring/start-sentry");
    await startSentry("nodejs");
    // Pages have no route handler to wrap: their access log lines come from the HTTP server's own events.
    const { startPageAccessLog } = await import("./server/log/page-log");
    startPageAccessLog();
    const { scheduleStartUpSweep } = await import("./server/services/outbox/start-up-sweep");
    scheduleStartUpSweep();
  }
  // eslint-disable-next-line no-restricted-syntax
  if (process.env.NEXT_RUNTIME === "edge") {
    const { startSentry } = await import("./server/monitoring/start-sentry");
    await startSentry("edge");
  }
}

/** Errors Next.js caught in a page, layout, route or server action: logged with the request id, and to Sentry. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  // eslint-disable-next-line no-restricted-syntax
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { reportRequestError } = await import("./server/log/report-error");
    reportRequestError(error, request, context);
  }
  const Sentry = await import("@sentry/nextjs");
  Sentry.captureRequestError(error, request, context);
};
