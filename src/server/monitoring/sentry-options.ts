// Sentry's options for the server and edge runtimes, from the environment. No DSN and no Spotlight: null, the SDK
// is never initialised and nothing leaves the process. With only Spotlight (development): events go to the local
// sidecar and nowhere else.
import type { ErrorEvent, NodeOptions } from "@sentry/nextjs";

import { env } from "~/env";
import { redact } from "~/server/log/redact";

type TransactionEvent = Parameters<NonNullable<NodeOptions["beforeSendTransaction"]>>[0];

/** A request slower than this (milliseconds) is always traced; faster ones only at SENTRY_TRACES_SAMPLE_RATE. */
export const SLOW_REQUEST_MS = 1000;

export type TSentryServerOptions = {
  dsn: string | undefined;
  environment: string;
  spotlight: boolean | string;
  sendDefaultPii: false;
  tracesSampleRate: number;
  traceLifecycle: "static";
  beforeSend: (event: ErrorEvent) => ErrorEvent;
  beforeSendTransaction: (event: TransactionEvent) => TransactionEvent | null;
};

/** Removes cookies, authorization headers, secrets and personal fields from an event's request and extra data. */
export function scrubEvent<T extends ErrorEvent | TransactionEvent>(event: T): T {
  if (event.request) event.request = redact(event.request) as T["request"];
  if (event.extra) event.extra = redact(event.extra) as T["extra"];
  if (event.user) event.user = { id: event.user.id };
  return event;
}

/**
 * Whether a finished transaction is kept: always when it took at least SLOW_REQUEST_MS, otherwise with
 * probability `fastShare` (SENTRY_TRACES_SAMPLE_RATE, default 0: only slow requests are traced).
 */
export function keepTransaction(event: TransactionEvent, fastShare: number, random = Math.random()): boolean {
  const seconds = (event.timestamp ?? 0) - (event.start_timestamp ?? 0);
  return seconds * 1000 >= SLOW_REQUEST_MS || random < fastShare;
}

/** What turns monitoring on: the DSN, Spotlight (true or its stream URL), and the share of fast traces kept. */
export type TSentrySettings = {
  dsn: string | undefined;
  spotlight: boolean | string;
  environment: string;
  fastTraceShare: number;
};

/** The settings from SENTRY_DSN, SENTRY_SPOTLIGHT, SENTRY_ENVIRONMENT and SENTRY_TRACES_SAMPLE_RATE. */
export function sentrySettingsFromEnv(): TSentrySettings {
  return {
    dsn: env.SENTRY_DSN,
    spotlight: env.SENTRY_SPOTLIGHT === "true" ? true : (env.SENTRY_SPOTLIGHT ?? false),
    environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV,
    fastTraceShare: env.SENTRY_TRACES_SAMPLE_RATE ?? 0,
  };
}

/** The SDK options, or null when monitoring is off (no DSN and no Spotlight): then the SDK must not start. */
export function sentryServerOptions(settings: TSentrySettings = sentrySettingsFromEnv()): TSentryServerOptions | null {
  if (!settings.dsn && !settings.spotlight) return null;
  return {
    dsn: settings.dsn,
    environment: settings.environment,
    spotlight: settings.spotlight,
    sendDefaultPii: false,
    // Every request is traced in-process so a slow one can be kept once its duration is known; fast ones are
    // dropped before sending (keepTransaction).
    tracesSampleRate: 1,
    // Whole transactions, not streamed spans: SDK 11 streams by default, which skips beforeSendTransaction, so every
    // request would be sent, unscrubbed.
    traceLifecycle: "static",
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: (event) => (keepTransaction(event, settings.fastTraceShare) ? scrubEvent(event) : null),
  };
}
