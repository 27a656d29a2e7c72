/**
 * Starts every local stand-in (Resend, Pusher Channels, the Inngest executor) and hands back the env vars the app
 * should run with.
 *
 *   import { startDevstack } from "./devstack/start";
 *   const stack = await startDevstack();            // or { portBase: 0 } for free ports
 *   // spawn the app with { ...process.env, ...stack.env }
 *   await stack.close();
 *
 * Ports follow one base (`portBase`, else `DEVSTACK_PORT_BASE`, else 4000): Resend on base+10 (4010, as before),
 * Pusher on base+11 (4011), Inngest on base+12 (4012), Twilio on base+13 (4013), UploadThing on base+14 (4014),
 * Stripe on base+15 (4015), and in `npm run dev` Spotlight on base+16 (4016). A base of 0 puts every stand-in on a free port; a per-service option wins over the
 * base. So two copies of the app run side by side with, say, DEVSTACK_PORT_BASE=4100 for the second.
 *
 * Run directly (`tsx devstack/start.ts` / `npm run devstack`) it prints the env lines on stdout (KEY=value, one
 * per line; everything else goes to stderr) and stays up until SIGINT/SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startInngestStandIn, type InngestStandIn } from "./inngest";
import { startPusherStandIn, type PusherStandIn } from "./pusher";
import { startResendStandIn, type ResendStandIn } from "./resend/server";
import { startStripeStandIn, type StripeStandIn } from "./stripe";
import { startTwilioStandIn, type TTwilioStandIn } from "./twilio/server";
import { startUploadThingStandIn, type UploadThingStandIn } from "./uploadthing";

export const DEFAULT_PORT_BASE = 4000;
/** Each stand-in's port is the base plus its offset; new stand-ins take the next free offset. */
export const PORT_OFFSETS = {
  resend: 10,
  pusher: 11,
  inngest: 12,
  twilio: 13,
  uploadthing: 14,
  stripe: 15,
  // Spotlight's sidecar, which `npm run dev` starts (devstack/spotlight.ts).
  spotlight: 16,
} as const;
export const DEFAULT_RESEND_PORT = DEFAULT_PORT_BASE + PORT_OFFSETS.resend;
export const DEFAULT_PUSHER_PORT = DEFAULT_PORT_BASE + PORT_OFFSETS.pusher;
export const DEFAULT_INNGEST_PORT = DEFAULT_PORT_BASE + PORT_OFFSETS.inngest;
export const DEFAULT_TWILIO_PORT = DEFAULT_PORT_BASE + PORT_OFFSETS.twilio;
export const DEFAULT_UPLOADTHING_PORT = DEFAULT_PORT_BASE + PORT_OFFSETS.uploadthing;

/**
 * The Pusher app the stand-in serves. The browser gets the key, host and port from the server at request time
 * (src/server/realtime/config.ts); the secret never leaves the server and is fresh on every run.
 */
export const DEVSTACK_PUSHER_APP_ID = "1000001";
export const DEVSTACK_PUSHER_KEY = "devstack-pusher-key";

/**
 * The Twilio account the stand-in serves (its auth token is fresh on every run). The sender is Twilio's magic
 * "valid From" test number, so the same value works with Twilio's test credentials.
 */
export const DEVSTACK_TWILIO_ACCOUNT_SID = `AC${"d0".repeat(16)}`;
export const DEVSTACK_TWILIO_FROM = "+15005550006";

export interface DevstackOptions {
  /** Base of every stand-in's port (see the file comment); 0 = free ports. Defaults to DEVSTACK_PORT_BASE or 4000. */
  portBase?: number;
  /** Port for the Resend stand-in, overriding the base; 0 picks a free port. */
  resendPort?: number;
  /** Port for the Pusher stand-in, overriding the base; 0 picks a free port. */
  pusherPort?: number;
  /** Port for the Inngest executor, overriding the base; 0 picks a free port. */
  inngestPort?: number;
  /** Also append each accepted email as a JSON line to this file. */
  resendOutboxFile?: string;
  /** Start the Resend outbox from what `resendOutboxFile` already holds (a restarted `npm run dev`). */
  resendResumeOutbox?: boolean;
  /**
   * The app's Inngest endpoint (`http://127.0.0.1:3000/api/inngest`): the executor syncs it on start (asking again
   * until the app answers) and on `POST /__sync`. Without it, sync on demand with `?url=`.
   */
  inngestAppUrl?: string;
  /** Where the executor journals pending runs, sleeps and retries so a restart resumes them; unset: memory only. */
  inngestJournalFile?: string;
  /** Port for the Twilio stand-in, overriding the base; 0 picks a free port. */
  twilioPort?: number;
  /**
   * Where the Twilio stand-in forwards replies from phones (STOP, START...), signed: the app's
   * `${APP_URL}/api/twilio/inbound`, the URL the app checks signatures against. Unset: replies are not forwarded.
   */
  twilioInboundUrl?: string;
  /** Journal the Twilio stand-in's texts and opt-outs to this file (JSON lines). */
  twilioOutboxFile?: string;
  /** Start the Twilio outbox from what `twilioOutboxFile` already holds (a restarted `npm run dev`). */
  twilioResumeOutbox?: boolean;
  /** Port for the Stripe stand-in (base+15), overriding the base; 0 picks a free port. */
  stripePort?: number;
  /**
   * Where the Stripe stand-in delivers webhooks; defaults to `/api/webhooks/stripe` on the origin of
   * `inngestAppUrl` (the same app). Unset and no app URL: events are kept but not delivered.
   */
  stripeWebhookUrl?: string;
  /**
   * Where the Stripe stand-in keeps its state (`stripe.json`: objects, keys, idempotency records, webhooks still
   * owed), so a restart keeps what the app's database refers to (`.data/stripe` in `npm run dev`); unset: memory.
   */
  stripeDataDir?: string;
  /** Port for the UploadThing stand-in, overriding the base; 0 picks a free port. */
  uploadthingPort?: number;
  /** Where the UploadThing stand-in keeps uploaded files (`.data/uploadthing` in `npm run dev`); unset: a temp folder. */
  uploadthingDataDir?: string;
}

export interface Devstack {
  env: Record<string, string>;
  /** Where each stand-in listens, for the banner: `{ resend: "http://…", pusher: "ws://…/app/<key> …", inngest }`. */
  urls: Record<string, string>;
  /** The executor itself (sync now, fire a cron, read runs), for scripts that host it. */
  inngest: InngestStandIn;
  close(): Promise<void>;
}

/** Reads DEVSTACK_PORT_BASE; undefined when unset, an error when it is not a port number a base can be. */
export function portBaseFromEnv(env: Record<string, string | undefined> = process.env): number | undefined {
  const raw = env.DEVSTACK_PORT_BASE;
  if (raw === undefined || raw === "") return undefined;
  const base = Number(raw);
  const highest = 65535 - Math.max(...Object.values(PORT_OFFSETS));
  if (!/^\d+$/.test(raw) || base > highest) {
    throw new Error(`devstack: DEVSTACK_PORT_BASE must be 0 (free ports) or a whole number up to ${highest}: '${raw}'`);
  }
  return base;
}

/** The port each stand-in gets: its own option, else base + offset, where a base of 0 means free ports. */
export function devstackPorts(
  opts: DevstackOptions,
  env: Record<string, string | undefined> = process.env,
): { resend: number; pusher: number; inngest: number; twilio: number; uploadthing: number } {
  const base = opts.portBase ?? portBaseFromEnv(env) ?? DEFAULT_PORT_BASE;
  const fromBase = (offset: number) => (base === 0 ? 0 : base + offset);
  return {
    resend: opts.resendPort ?? fromBase(PORT_OFFSETS.resend),
    pusher: opts.pusherPort ?? fromBase(PORT_OFFSETS.pusher),
    inngest: opts.inngestPort ?? fromBase(PORT_OFFSETS.inngest),
    twilio: opts.twilioPort ?? fromBase(PORT_OFFSETS.twilio),
    uploadthing: opts.uploadthingPort ?? fromBase(PORT_OFFSETS.uploadthing),
  };
}

/** The Stripe stand-in's port: its option, else base + 15 (0 = a free port), as devstackPorts does for the rest. */
export function stripeStandInPort(
  opts: DevstackOptions,
  env: Record<string, string | undefined> = process.env,
): number {
  const base = opts.portBase ?? portBaseFromEnv(env) ?? DEFAULT_PORT_BASE;
  return opts.stripePort ?? (base === 0 ? 0 : base + PORT_OFFSETS.stripe);
}

async function listening<T>(service: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `devstack: port ${port} for the ${service} stand-in is already in use (another devstack running? set DEVSTACK_PORT_BASE)`,
        { cause: err },
      );
    }
    throw err;
  }
}

export async function startDevstack(opts: DevstackOptions = {}): Promise<Devstack> {
  const ports = devstackPorts(opts);
  const resendApiKey = `re_local_${randomBytes(16).toString("hex")}`;
  const resend: ResendStandIn = await listening("Resend", ports.resend, () =>
    startResendStandIn({
      port: ports.resend,
      host: "127.0.0.1",
      apiKey: resendApiKey,
      outboxFile: opts.resendOutboxFile,
      resumeOutbox: opts.resendResumeOutbox,
    }),
  );
  let pusher: PusherStandIn;
  try {
    pusher = await listening("Pusher", ports.pusher, () =>
      startPusherStandIn({
        port: ports.pusher,
        host: "127.0.0.1",
        appId: DEVSTACK_PUSHER_APP_ID,
        key: DEVSTACK_PUSHER_KEY,
        secret: randomBytes(16).toString("hex"),
      }),
    );
  } catch (err) {
    await resend.close();
    throw err;
  }
  let inngest: InngestStandIn;
  try {
    inngest = await listening("Inngest", ports.inngest, () =>
      startInngestStandIn({
        port: ports.inngest,
        host: "127.0.0.1",
        appUrls: opts.inngestAppUrl ? [opts.inngestAppUrl] : [],
        journalFile: opts.inngestJournalFile,
      }),
    );
  } catch (err) {
    await Promise.all([resend.close(), pusher.close()]);
    throw err;
  }
  const twilioAuthToken = randomBytes(16).toString("hex");
  let twilio: TTwilioStandIn;
  try {
    twilio = await listening("Twilio", ports.twilio, () =>
      startTwilioStandIn({
        port: ports.twilio,
        host: "127.0.0.1",
        accountSid: DEVSTACK_TWILIO_ACCOUNT_SID,
        authToken: twilioAuthToken,
        phoneNumbers: [DEVSTACK_TWILIO_FROM],
        inboundUrl: opts.twilioInboundUrl,
        statusStepMs: 500,
        outboxFile: opts.twilioOutboxFile,
        resumeOutbox: opts.twilioResumeOutbox,
      }),
    );
  } catch (err) {
    await Promise.all([resend.close(), pusher.close(), inngest.close()]);
    throw err;
  }
  let uploadthing: UploadThingStandIn;
  try {
    uploadthing = await listening("UploadThing", ports.uploadthing, () =>
      startUploadThingStandIn({ port: ports.uploadthing, host: "127.0.0.1", dataDir: opts.uploadthingDataDir }),
    );
  } catch (err) {
    await Promise.all([resend.close(), pusher.close(), inngest.close(), twilio.close()]);
    throw err;
  }
  let stripe: StripeStandIn;
  const stripePort = stripeStandInPort(opts);
  try {
    stripe = await listening("Stripe", stripePort, () =>
      startStripeStandIn({
        port: stripePort,
        host: "127.0.0.1",
        webhookUrl:
          opts.stripeWebhookUrl ??
          (opts.inngestAppUrl ? `${new URL(opts.inngestAppUrl).origin}/api/webhooks/stripe` : undefined),
        dataDir: opts.stripeDataDir,
      }),
    );
  } catch (err) {
    await Promise.all([resend.close(), pusher.close(), inngest.close(), twilio.close(), uploadthing.close()]);
    throw err;
  }

  return {
    env: {
      RESEND_BASE_URL: resend.url,
      RESEND_API_KEY: resendApiKey,
      PUSHER_APP_ID: pusher.appId,
      PUSHER_KEY: pusher.key,
      PUSHER_SECRET: pusher.secret,
      PUSHER_HOST: pusher.host,
      PUSHER_PORT: String(pusher.port),
      ...inngest.env,
      TWILIO_ACCOUNT_SID: DEVSTACK_TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: twilioAuthToken,
      TWILIO_FROM_NUMBER: DEVSTACK_TWILIO_FROM,
      TWILIO_BASE_URL: twilio.url,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_HOST: stripe.host,
      STRIPE_API_PORT: String(stripe.port),
      STRIPE_API_PROTOCOL: "http",
      ...uploadthing.env,
    },
    urls: {
      resend: resend.url,
      pusher: `ws://${pusher.host}:${pusher.port}/app/${pusher.key} (HTTP API ${pusher.url}/apps/${pusher.appId})`,
      inngest: `${inngest.url} (run log ${inngest.url}/__runs)`,
      twilio: `${twilio.url} (outbox ${twilio.url}/__outbox)`,
      stripe: `${stripe.url} (hosted checkout ${stripe.url}/c/pay/<session id>; state ${opts.stripeDataDir ? `in ${opts.stripeDataDir}` : "in memory"})`,
      uploadthing: `${uploadthing.url} (files under ${opts.uploadthingDataDir ?? "a temp folder"})`,
    },
    inngest,
    close: async () => {
      await Promise.all([
        resend.close(),
        pusher.close(),
        inngest.close(),
        twilio.close(),
        uploadthing.close(),
        stripe.close(),
      ]);
    },
  };
}

function isRunDirectly(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href;
}

async function main(): Promise<void> {
  const outboxFile = resolve(".devstack/resend/outbox.jsonl");
  const stack = await startDevstack({
    resendOutboxFile: outboxFile,
    inngestAppUrl: `http://127.0.0.1:${process.env.PORT ?? "3000"}/api/inngest`,
    inngestJournalFile: resolve(".data/inngest/journal.json"),
    twilioInboundUrl: `${process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`}/api/twilio/inbound`,
    uploadthingDataDir: resolve(".data/uploadthing"),
    stripeDataDir: resolve(".data/stripe"),
  });
  for (const [key, value] of Object.entries(stack.env)) process.stdout.write(`${key}=${value}\n`);
  const base = stack.urls.resend ?? "";
  process.stderr.write(
    `devstack: Resend stand-in on ${base} (outbox: GET ${base}/__outbox, also appended to ${outboxFile}).\n` +
      `devstack: Pusher stand-in on ${stack.urls.pusher}.\n` +
      `devstack: Inngest executor on ${stack.urls.inngest}.\n` +
      `devstack: Twilio stand-in on ${stack.urls.twilio}.\n` +
      `devstack: UploadThing stand-in on ${stack.urls.uploadthing}.\n` +
      `devstack: Stripe stand-in on ${stack.urls.stripe}. Ctrl-C to stop.\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`devstack: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`devstack: ${signal}, shutting down\n`);
    stack.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("devstack: error while closing", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (isRunDirectly()) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
