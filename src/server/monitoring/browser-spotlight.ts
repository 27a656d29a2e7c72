// Where the browser's Sentry SDK sends events for Spotlight (Sentry's local viewer), if anywhere: only in development,
// only when NEXT_PUBLIC_SENTRY_SPOTLIGHT=true, and only to the sidecar the server uses (SENTRY_SPOTLIGHT).
import { env } from "~/env";

/** Spotlight's default sidecar stream, what SENTRY_SPOTLIGHT=true means (the SDKs' own default). */
export const DEFAULT_SPOTLIGHT_STREAM_URL = "http://localhost:8969/stream";

/**
 * The sidecar stream URL the browser posts envelopes to (e.g. `http://localhost:4016/stream`), or null when the
 * browser must not use Spotlight: outside development, without NEXT_PUBLIC_SENTRY_SPOTLIGHT=true, or without
 * SENTRY_SPOTLIGHT.
 */
export function browserSpotlightUrl(
  settings: { nodeEnv: string; publicFlag: string | undefined; spotlight: string | undefined } = {
    nodeEnv: env.NODE_ENV,
    publicFlag: env.NEXT_PUBLIC_SENTRY_SPOTLIGHT,
    spotlight: env.SENTRY_SPOTLIGHT,
  },
): string | null {
  if (settings.nodeEnv !== "development" || settings.publicFlag !== "true" || !settings.spotlight) return null;
  return settings.spotlight === "true" ? DEFAULT_SPOTLIGHT_STREAM_URL : settings.spotlight;
}
