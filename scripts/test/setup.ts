// Runs before each integration test file, before the app's modules load: points configuration at the test
// database and stand-ins, migrates the in-memory PGlite when no PostgreSQL is configured, and starts Inngest (the
// devstack executor driving the app's real serve route, see inngest.ts).
import { afterAll, inject } from "vitest";

import { serveInngestRoute, settleInngest, startTestExecutor } from "./inngest";

// Each worker has a database of its own (global-setup.ts); VITEST_POOL_ID numbers the workers from 1.
const databaseUrls = inject("databaseUrls");
const databaseUrl =
  databaseUrls.length > 0 ? databaseUrls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % databaseUrls.length] : null;
process.env.AUTH_SECRET = inject("authSecret");
process.env.RESEND_BASE_URL = inject("resendUrl");
process.env.RESEND_API_KEY = inject("resendApiKey");
process.env.APP_URL = "http://localhost:3000";
const pusher = inject("pusher");
process.env.PUSHER_APP_ID = pusher.appId;
process.env.PUSHER_KEY = pusher.key;
process.env.PUSHER_SECRET = pusher.secret;
process.env.PUSHER_HOST = pusher.host;
process.env.PUSHER_PORT = String(pusher.port);
// Google's APIs and Open-Meteo at the stand-in; no Google key, so the app runs its key-less fallbacks unless a test
// passes one (see global-setup.ts).
const google = inject("google");
delete process.env.GOOGLE_MAPS_API_KEY;
process.env.GOOGLE_MAPS_API_BASE_URL = google.url;
process.env.OPEN_METEO_BASE_URL = google.url;
const twilio = inject("twilio");
process.env.TWILIO_BASE_URL = twilio.url;
process.env.TWILIO_ACCOUNT_SID = twilio.accountSid;
process.env.TWILIO_AUTH_TOKEN = twilio.authToken;
process.env.TWILIO_FROM_NUMBER = twilio.from;
if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
}

// Files in one worker share its module cache (`isolate: false` in vitest.config.ts), so the executor, the served
// route and the database client are made once per worker; the worker's exit ends them.
const worker = globalThis as unknown as { __ttIntegrationReady?: Promise<void> };
worker.__ttIntegrationReady ??= (async () => {
  const executor = await startTestExecutor();
  const { embeddedPglite } = await import("~/server/db");
  const pglite = embeddedPglite();
  if (pglite) {
    const { deployMigrations } = await import("../db/engine");
    await deployMigrations({ kind: "pglite", instance: pglite });
  }
  await serveInngestRoute(executor, await import("~/app/api/inngest/route"));
})();
await worker.__ttIntegrationReady;

// What a file started finishes before the next file runs (a run left over would act on the next file's rows).
afterAll(async () => {
  await settleInngest();
});
