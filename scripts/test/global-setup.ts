// Integration tests get a database of their own: a fresh database on the PostgreSQL server DATABASE_URL points
// at (dropped afterwards), or, with no DATABASE_URL, an in-memory PGlite per test file (see setup.ts). They also
// share one Resend stand-in, whose outbox the tests read, one Pusher stand-in the app publishes to (tests
// subscribe to it with pusher-js to see what was published), and one Google Maps Platform + Open-Meteo stand-in.
// The app runs without a Google key, as a fresh clone does (so no test call can leave the machine); tests that
// want Google start a stand-in of their own with the keys they need and pass it in the tRPC context (`outside`).
import { randomBytes } from "node:crypto";

import pg from "pg";
import type { TestProject } from "vitest/node";

import { startGoogleStandIn } from "../../devstack/google";
import { startPusherStandIn } from "../../devstack/pusher";
import { startResendStandIn } from "../../devstack/resend/server";
import { startTwilioStandIn } from "../../devstack/twilio/server";
import { deployMigrations } from "../db/engine";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string | null;
    authSecret: string;
    resendUrl: string;
    resendApiKey: string;
    pusher: { appId: string; key: string; secret: string; host: string; port: number };
    /** The stand-in's base URL (Google's APIs, which it refuses without a key, and Open-Meteo). */
    google: { url: string };
    /** The Twilio stand-in (outbox at `${url}/__outbox`) and the account the app uses on it. */
    twilio: { url: string; accountSid: string; authToken: string; from: string };
  }
}

async function adminQuery(url: string, sql: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const resendApiKey = `re_test_${randomBytes(12).toString("hex")}`;
  const resend = await startResendStandIn({ port: 0, apiKey: resendApiKey });
  project.provide("resendUrl", resend.url);
  project.provide("resendApiKey", resendApiKey);
  project.provide("authSecret", randomBytes(32).toString("base64url"));
  const pusher = await startPusherStandIn({ port: 0 });
  project.provide("pusher", {
    appId: pusher.appId,
    key: pusher.key,
    secret: pusher.secret,
    host: pusher.host,
    port: pusher.port,
  });

  const google = await startGoogleStandIn();
  project.provide("google", { url: google.url });

  const twilioAccount = {
    accountSid: `AC${randomBytes(16).toString("hex")}`,
    authToken: randomBytes(16).toString("hex"),
  };
  const twilio = await startTwilioStandIn({
    port: 0,
    ...twilioAccount,
    phoneNumbers: ["+15005550006"],
    statusStepMs: 5,
  });
  project.provide("twilio", { url: twilio.url, ...twilioAccount, from: "+15005550006" });

  const base = process.env.DATABASE_URL;
  let databaseUrl: string | null = null;
  if (base) {
    const name = `tt_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    await deployMigrations({ kind: "postgres", url: databaseUrl });
  }
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    await Promise.all([resend.close(), pusher.close(), google.close(), twilio.close()]);
    if (databaseUrl && base) {
      const name = new URL(databaseUrl).pathname.slice(1);
      await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  };
}
