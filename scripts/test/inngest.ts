// Integration tests run Inngest for real: each test file gets the devstack executor and the app's real serve
// route (src/app/api/inngest/route.ts) on a local HTTP server in its own worker, beside its own database (an
// in-memory PGlite cannot be reached from another process, so the executor cannot be shared across files).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { startInngestStandIn, type InngestStandIn } from "../../devstack/inngest";

import type { NextRequest } from "next/server";

/** A Next.js route handler as `inngest/next` exports them (its second argument is the route context, unused). */
type TRouteHandler = (req: NextRequest, ctx: unknown) => Promise<Response>;
type TTestInngest = { executor: InngestStandIn; app: Server; appUrl: string };

const slot = globalThis as unknown as { __ttTestInngest?: TTestInngest };

/**
 * Starts the executor (signed, in memory, fast retries) and sets the app's INNGEST_* env vars to use it. Crons fire
 * only when a test fires them (`executor.fireCron`): an hourly cron firing on its own in the middle of a test (say,
 * expiring the posted load it has just made) would make that test fail at random.
 */
export async function startTestExecutor(): Promise<InngestStandIn> {
  const executor = await startInngestStandIn({ port: 0, retryBaseMs: 50, log: () => {}, scheduleCrons: false });
  Object.assign(process.env, executor.env);
  return executor;
}

/** Serves the route's GET/POST/PUT handlers over HTTP (as `next start` would) and syncs the executor with them. */
export async function serveInngestRoute(
  executor: InngestStandIn,
  route: Record<"GET" | "POST" | "PUT", TRouteHandler>,
) {
  const app = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const method = (req.method ?? "GET") as "GET" | "POST" | "PUT";
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`), {
        method,
        headers,
        body: method === "GET" ? undefined : Buffer.concat(chunks),
      });
      const handler = route[method] as TRouteHandler | undefined;
      const response = handler
        ? await handler(request as NextRequest, {})
        : new Response("method not allowed", { status: 405 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  const [synced] = await executor.sync(appUrl);
  if (!synced?.ok) throw new Error(`the executor could not sync ${appUrl}: ${synced?.message ?? "no answer"}`);
  slot.__ttTestInngest = { executor, app, appUrl };
  return { app, appUrl };
}

/**
 * Stops the executor (an outage: sends fail, nothing is called) and returns a function that starts it again on the
 * same port with the same keys, in memory (what it had accepted is gone, as after losing its state), synced again.
 */
export async function stopExecutorForOutage(): Promise<() => Promise<void>> {
  const current = testInngest();
  const { port, eventKey, signingKey } = current.executor;
  await current.executor.close();
  return async () => {
    const executor = await startInngestStandIn({
      port,
      eventKey,
      signingKey,
      retryBaseMs: 50,
      log: () => {},
      scheduleCrons: false,
    });
    const [synced] = await executor.sync(current.appUrl);
    if (!synced?.ok)
      throw new Error(`the executor could not sync ${current.appUrl}: ${synced?.message ?? "no answer"}`);
    slot.__ttTestInngest = { ...current, executor };
  };
}

export function testInngest(): TTestInngest {
  if (!slot.__ttTestInngest) throw new Error("Inngest is not started (scripts/test/setup.ts)");
  return slot.__ttTestInngest;
}

/**
 * Waits until the executor has nothing queued or running (sleeping or waiting runs aside): the functions that the
 * events sent so far started have finished their work. Throws after `timeoutMs`.
 */
export async function settleInngest(timeoutMs = 20_000): Promise<void> {
  const { executor } = testInngest();
  const until = Date.now() + timeoutMs;
  let quietChecks = 0;
  while (quietChecks < 2) {
    if (Date.now() > until) throw new Error("Inngest runs did not settle in time");
    await new Promise((r) => setTimeout(r, 20));
    quietChecks = executor.idle() ? quietChecks + 1 : 0;
  }
}

export async function stopTestInngest(): Promise<void> {
  const current = slot.__ttTestInngest;
  if (!current) return;
  delete slot.__ttTestInngest;
  await current.executor.close();
  current.app.closeAllConnections();
  await new Promise((r) => current.app.close(r));
}
