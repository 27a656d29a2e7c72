// Starts the Sentry SDK in a server runtime when configured; with neither SENTRY_DSN nor SENTRY_SPOTLIGHT the SDK
// is not initialised at all, so it opens no connection and sends nothing.
import { sentryServerOptions, sentrySettingsFromEnv, type TSentrySettings } from "~/server/monitoring/sentry-options";

/**
 * Initialises Sentry for `runtime` (Node.js or edge) when `settings` (default: the environment's) turn it on;
 * returns whether it did.
 */
export async function startSentry(
  runtime: "nodejs" | "edge",
  settings: TSentrySettings = sentrySettingsFromEnv(),
): Promise<boolean> {
  const options = sentryServerOptions(settings);
  if (!options) return false;
  const Sentry = await import("@sentry/nextjs");
  Sentry.init({ ...options, initialScope: { tags: { runtime } } });
  return true;
}
