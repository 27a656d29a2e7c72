/**
 * A local Inngest executor that the official `inngest` SDK talks to unchanged (Inngest's SDK specification,
 * github.com/inngest/inngest docs/SDK_SPEC.md): it takes syncs and events, runs functions step by step through
 * the app's serve endpoint, sleeps, waits for events, retries, fires crons and journals its state to a file.
 *
 *   const inngest = await startInngestStandIn({ port: 0, appUrls: ["http://127.0.0.1:3000/api/inngest"] });
 *   // app env: INNGEST_BASE_URL=inngest.url, INNGEST_EVENT_KEY=inngest.eventKey, INNGEST_SIGNING_KEY=inngest.signingKey
 *   await inngest.close();
 *
 * With a signing key (the default: a fresh one per start) it acts as Inngest Cloud: it signs call requests and the
 * app, in the SDK's cloud mode, refuses unsigned ones. `signingKey: null` makes it a dev server for `INNGEST_DEV`.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { Executor, type SyncResult } from "./executor";
import { createHttpHandler } from "./http-api";
import type { Run } from "./journal";

export type InngestStandInOptions = {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Event key the app sends with; defaults to a fresh random one. `null` accepts any key (dev server). */
  eventKey?: string | null;
  /** `signkey-<env>-<hex>`; defaults to a fresh random one. `null`: unsigned (dev server). */
  signingKey?: string | null;
  /** App serve URLs synced on start (retried until the app answers) and by `POST /__sync`. */
  appUrls?: string[];
  /** Journal file; unset keeps state in memory (a restart forgets it). */
  journalFile?: string;
  /** First retry delay in ms (default 1000), doubling per attempt. */
  retryBaseMs?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** `false`: crons fire only through `fireCron` / `POST /__cron/:id`, never on schedule (tests). Default true. */
  scheduleCrons?: boolean;
};

export type InngestStandIn = {
  url: string;
  host: string;
  port: number;
  eventKey: string | null;
  signingKey: string | null;
  /** The env vars the app runs with to use this executor. */
  env: Record<string, string>;
  /** Asks every app URL (or the given one) to sync now. */
  sync(url?: string): Promise<SyncResult[]>;
  fireCron(functionId: string): Run | null;
  runs(): Run[];
  /** No call queued or in flight (sleeping and waiting runs allowed): what tests wait for after sending an event. */
  idle(): boolean;
  close(): Promise<void>;
};

/** How often a start-up sync is retried while the app is not up yet, and for how long. */
const SYNC_RETRY_MS = 1000;
const SYNC_GIVE_UP_MS = 10 * 60_000;

/** A fresh signing key in Inngest's format, `signkey-test-<64 hex>` (the SDK strips the prefix and hashes the hex). */
export function generateSigningKey(): string {
  return `signkey-test-${randomBytes(32).toString("hex")}`;
}

/**
 * Starts the executor on `host:port` (127.0.0.1, a free port by default) and resumes what its journal holds. Rejects
 * with EADDRINUSE when the port is taken. See the file comment for the keys and the env it hands back.
 */
export async function startInngestStandIn(opts: InngestStandInOptions = {}): Promise<InngestStandIn> {
  const host = opts.host ?? "127.0.0.1";
  const eventKey = opts.eventKey === undefined ? `evt_${randomBytes(16).toString("hex")}` : opts.eventKey;
  const signingKey = opts.signingKey === undefined ? generateSigningKey() : opts.signingKey;
  const appUrls = [...(opts.appUrls ?? [])];
  const log = opts.log ?? ((line: string) => process.stderr.write(`inngest: ${line}\n`));
  const executor = new Executor({
    signingKey: signingKey ?? undefined,
    journalFile: opts.journalFile,
    retryBaseMs: opts.retryBaseMs,
    log,
    scheduleCrons: opts.scheduleCrons,
  });
  const handler = createHttpHandler({
    executor,
    eventKey: eventKey ?? undefined,
    signingKey: signingKey ?? undefined,
    appUrls: () => appUrls,
    syncBeforeFirstEvent: async () => {
      await syncAll();
    },
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  executor.resume();

  let closed = false;
  let syncTimer: NodeJS.Timeout | null = null;
  const syncAll = (only?: string) => Promise.all((only ? [only] : appUrls).map((u) => executor.syncApp(u)));
  if (appUrls.length > 0) {
    const startedAt = Date.now();
    const attempt = () => {
      syncTimer = null;
      void syncAll().then((results) => {
        if (closed) return;
        for (const r of results.filter((x) => !x.ok && x.status !== 0)) log(`sync of ${r.url} refused: ${r.message}`);
        // Only an app that is not up yet (no answer at all) is worth asking again.
        const failed = results.filter((r) => r.status === 0);
        if (failed.length === 0) return;
        if (Date.now() - startedAt > SYNC_GIVE_UP_MS) {
          log(
            `gave up syncing ${failed.map((f) => `${f.url} (${f.message})`).join(", ")}; POST ${url}/__sync to retry`,
          );
          return;
        }
        syncTimer = setTimeout(attempt, SYNC_RETRY_MS);
      });
    };
    attempt();
  }

  const env: Record<string, string> = { INNGEST_BASE_URL: url };
  if (eventKey) env.INNGEST_EVENT_KEY = eventKey;
  if (signingKey) env.INNGEST_SIGNING_KEY = signingKey;
  else env.INNGEST_DEV = url;

  return {
    url,
    host,
    port,
    eventKey,
    signingKey,
    env,
    sync: (only) => syncAll(only),
    fireCron: (id) => executor.fireCron(id),
    runs: () => executor.runs(),
    idle: () => executor.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      if (syncTimer) clearTimeout(syncTimer);
      executor.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
