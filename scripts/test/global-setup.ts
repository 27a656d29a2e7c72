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
    /**
     * One PostgreSQL database per worker (index VITEST_POOL_ID - 1), all migrated; empty when no DATABASE_URL is set
     * (each file then migrates an in-memory PGlite of its own).
     */
    databaseUrls: string[];
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

  // One migrated database per Vitest worker (copies of the first, made from it as a template), so files running
  // side by side never see each other's rows: crons and sweeps act on every row of their database, and a test may
  // count what a query returns. A worker runs its files one after another in its database, as the suite always has.
  const base = process.env.DATABASE_URL;
  const databaseUrls: string[] = [];
  if (base) {
    const stem = `tt_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const urlOf = (name: string) => {
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    };
    databaseUrls.push(urlOf(stem));
    await deployMigrations({ kind: "postgres", url: databaseUrls[0]! });
    for (let worker = 2; worker <= integrationWorkers(project); worker++) {
      await adminQuery(base, `CREATE DATABASE "${stem}_w${worker}" TEMPLATE "${stem}"`);
      databaseUrls.push(urlOf(`${stem}_w${worker}`));
    }
  }
  project.provide("databaseUrls", databaseUrls);

  return async () => {
    await Promise.all([resend.close(), pusher.close(), google.close(), twilio.close()]);
    if (base) {
      for (const url of databaseUrls) {
        const name = new URL(url).pathname.slice(1);
        await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    }
  };
}

/** How many workers may run integration files at once (Vitest's resolved `maxWorkers`, at least 1). */
function integrationWorkers(project: TestProject): number {
  const configured = project.vitest.config.maxWorkers;
  return Math.max(1, Number.isFinite(configured) ? Number(configured) : 1);
}
