// `npm run dev`: prepares the database (embedded PGlite in .data/ unless DATABASE_URL is set), applies
// migrations, seeds an empty database, starts the local stand-ins of devstack/ (the Inngest executor syncs the
// app's /api/inngest once it answers and journals to .data/inngest/), stores the demo's proof-of-delivery images in
// the UploadThing stand-in (prisma/seed-proof-files.ts) and the demo shippers' Business subscriptions in the Stripe
// stand-in (prisma/seed-subscriptions.ts; its state is kept in .data/stripe), then runs `next dev` on :3000.
import "./local-env";

import { spawn } from "node:child_process";

import { spotlightPort, startSpotlightSidecar, type TSpotlightSidecar } from "../devstack/spotlight";
import { startDevstack } from "../devstack/start";
import { prepareDatabase } from "./db/prepare";

async function main() {
  const target = await prepareDatabase({ seedIfEmpty: true });
  console.log(`database: ${target.label}`);

  const port = process.env.PORT ?? "3000";
  const devstack = await startDevstack({
    // Kept across restarts, so a link sent before one can still be opened from /dev/outbox.
    resendOutboxFile: ".data/resend/outbox.jsonl",
    resendResumeOutbox: true,
    inngestAppUrl: `http://127.0.0.1:${port}/api/inngest`,
    inngestJournalFile: ".data/inngest/journal.json",
    twilioInboundUrl: `${process.env.APP_URL ?? `http://localhost:${port}`}/api/twilio/inbound`,
    // Texts too, and the numbers that replied STOP.
    twilioOutboxFile: ".data/twilio/outbox.jsonl",
    twilioResumeOutbox: true,
    uploadthingDataDir: ".data/uploadthing",
    // Customers, payments, subscriptions and Connect accounts whose ids the database keeps.
    stripeDataDir: ".data/stripe",
  });
  for (const [k, v] of Object.entries(devstack.env)) process.env[k] ??= v;
  for (const [service, url] of Object.entries(devstack.urls)) console.log(`stand-in ${service}: ${url}`);
  const spotlight = await startSpotlight();

  // The seed ran before UploadThing was up: the demo's delivered load gets its proof photo and signature now, stored
  // where the app will read them (the stand-in, unless UPLOADTHING_TOKEN names a real app). Idempotent; one line
  // and no images if it fails. The database is closed again before `next dev` opens it (PGlite: one process).
  {
    const { db, closeDb } = await import("~/server/db");
    const { seedProofFilesWith } = await import("../prisma/seed");
    const ufsHost = process.env.UPLOADTHING_UFS_HOST;
    try {
      await seedProofFilesWith(
        db,
        process.env.UPLOADTHING_TOKEN
          ? {
              token: process.env.UPLOADTHING_TOKEN,
              ingestUrl: process.env.UPLOADTHING_INGEST_URL,
              apiUrl: process.env.UPLOADTHING_API_URL,
              ufsHost,
              ufsAppIdLocation: ufsHost ? "path" : "subdomain",
            }
          : null,
      );
      // The seeded Business rows get a real subscription in Stripe (the stand-in unless STRIPE_SECRET_KEY names
      // another); read from process.env, which the stand-ins filled after ~/env may have been loaded.
      const { seedDemoSubscriptionsWith } = await import("../prisma/seed-subscriptions");
      await seedDemoSubscriptionsWith(
        db,
        process.env.STRIPE_SECRET_KEY
          ? {
              secretKey: process.env.STRIPE_SECRET_KEY,
              webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? null,
              host: process.env.STRIPE_API_HOST,
              port: process.env.STRIPE_API_PORT ? Number(process.env.STRIPE_API_PORT) : undefined,
              protocol: process.env.STRIPE_API_PROTOCOL === "http" ? "http" : undefined,
            }
          : null,
      );
    } finally {
      await closeDb();
    }
  }

  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  // Emailed links and next-auth's redirects follow the port the app really runs on.
  process.env.APP_URL ??= `http://localhost:${port}`;
  process.env.NEXTAUTH_URL ??= process.env.APP_URL;
  const next = spawn(
    process.execPath,
    // Loopback only unless HOST says otherwise: the development pages (/dev/outbox shows every email, sign-in and
    // reset links included) and the unsigned dev-mode Inngest endpoint must not be reachable from the network.
    // HOST=0.0.0.0 opens it (say, to try the driver's page on a phone on the same Wi-Fi).
    [
      "node_modules/next/dist/bin/next",
      "dev",
      "-p",
      port,
      "-H",
      process.env.HOST ?? "127.0.0.1",
      ...process.argv.slice(2),
    ],
    {
      stdio: "inherit",
      env: process.env,
    },
  );
  const stop = (signal: NodeJS.Signals) => next.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  next.on("exit", (code) => {
    void Promise.all([devstack.close(), spotlight?.close()]).finally(() => process.exit(code ?? 0));
  });
}

/**
 * Spotlight (Sentry's local viewer) for the server's and the browser's errors and slow requests, unless
 * DEVSTACK_SPOTLIGHT=0 or SENTRY_SPOTLIGHT already names a sidecar. A port taken by another program leaves the app
 * running without it.
 */
async function startSpotlight(): Promise<TSpotlightSidecar | null> {
  if (process.env.SENTRY_SPOTLIGHT) {
    console.log(`spotlight: events go to ${process.env.SENTRY_SPOTLIGHT} (SENTRY_SPOTLIGHT)`);
    return null;
  }
  if (["0", "false", "off"].includes(process.env.DEVSTACK_SPOTLIGHT ?? "")) return null;
  const port = spotlightPort();
  const sidecar = await startSpotlightSidecar(port);
  if (!sidecar) {
    console.log(`spotlight: port ${port} is taken by another program; running without Spotlight`);
    return null;
  }
  // Server (src/instrumentation.ts) and browser (BrowserMonitoring) send there; development only (src/env.js).
  process.env.SENTRY_SPOTLIGHT = sidecar.streamUrl;
  process.env.NEXT_PUBLIC_SENTRY_SPOTLIGHT ??= "true";
  console.log(`stand-in spotlight: ${sidecar.uiUrl}${sidecar.started ? "" : " (already running)"}`);
  return sidecar;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
