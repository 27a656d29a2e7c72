// The one Inngest client. Production: Inngest Cloud (or a self-hosted Inngest server via INNGEST_BASE_URL) with an
// event key and a signing key. `npm run dev`, the tests and e2e: the devstack executor (devstack/inngest), reached
// through INNGEST_BASE_URL with keys of its own, so requests are signed and checked exactly as in production.
import { Inngest } from "inngest";

import { env } from "~/env";
import { logger } from "~/server/log/logger";

import { MonitoringMiddleware } from "./monitoring";

/** `INNGEST_DEV` as the SDK reads it: `1` or an origin turns on dev mode (no signatures), `0` or unset keeps it off. */
const devServer = env.INNGEST_DEV && env.INNGEST_DEV !== "0" ? env.INNGEST_DEV : null;

export const inngest = new Inngest({
  id: "trial-transport",
  isDev: devServer !== null,
  baseUrl: env.INNGEST_BASE_URL ?? (devServer && devServer !== "1" ? devServer : undefined),
  eventKey: env.INNGEST_EVENT_KEY,
  signingKey: env.INNGEST_SIGNING_KEY,
  // Functions' `ctx.logger` and the SDK's own messages go to the app's JSON log; failed runs reach Sentry.
  logger: logger.child({ module: "inngest" }),
  middleware: [MonitoringMiddleware],
});
