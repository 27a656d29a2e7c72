// The executor's HTTP surface. Inngest's own routes, as the SDK calls them: `POST /e/:eventKey` (event API),
// `POST /fn/register` (sync) and the REST reads `GET /v1/events/:id/runs`, `GET /v1/runs/:id`. Then
// development-only routes under `/__` (never part of Inngest): the run log, sync on demand, firing a cron now.
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Executor } from "./executor";
import type { Run } from "./journal";
import { constantTimeEqual, eventProblem, hashedSigningKey } from "./protocol";

export type HttpApiOptions = {
  executor: Executor;
  /** Events must be sent to `/e/<eventKey>`; unset accepts any key (as `inngest dev` does). */
  eventKey?: string;
  /** API routes need `Authorization: Bearer <hashed signing key>` when set. */
  signingKey?: string;
  /** App serve URLs `POST /__sync` asks to sync. */
  appUrls: () => string[];
  /**
   * Called before accepting events while no app has synced yet: the sender is up, so its functions can be read
   * now rather than the events finding no function (the start-up sync may still be waiting for the app).
   */
  syncBeforeFirstEvent: () => Promise<void>;
};

/** Inngest caps a send at 3 MB and one event at 256 KB (its documented limits on the free tier). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;
const MAX_EVENT_BYTES = 256 * 1024;

type Reply = { status: number; body: unknown };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "body is not valid JSON");
  }
}

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? "";
  return a === "127.0.0.1" || a === "::1" || a === "::ffff:127.0.0.1";
}

/** A run as the log shows it: function, event, status, attempts, steps with outputs or errors, timings. */
export function runView(run: Run) {
  return {
    run_id: run.id,
    function_id: run.fnId,
    status: run.status,
    event: run.event,
    created_at: new Date(run.createdAt).toISOString(),
    started_at: run.startedAt ? new Date(run.startedAt).toISOString() : null,
    ended_at: run.endedAt ? new Date(run.endedAt).toISOString() : null,
    duration_ms: run.endedAt && run.startedAt ? run.endedAt - run.startedAt : null,
    output: run.output ?? null,
    error: run.error ?? null,
    attempts: run.log.filter((l) => l.kind === "call").length,
    waiting_for: run.waiters.map((w) => ({
      event: w.event,
      if: w.if ?? null,
      until: new Date(w.expiresAt).toISOString(),
    })),
    history: run.log.map((l) => ({ ...l, at: new Date(l.at).toISOString() })),
  };
}

/** The request listener for the executor's routes (see the file comment); every answer is JSON. */
export function createHttpHandler(opts: HttpApiOptions) {
  const { executor } = opts;

  function requireApiKey(req: IncomingMessage): void {
    if (!opts.signingKey) return;
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ")) throw new HttpError(401, "missing signing key (Authorization: Bearer …)");
    if (!constantTimeEqual(auth.slice(7), hashedSigningKey(opts.signingKey)))
      throw new HttpError(401, "invalid signing key");
  }

  async function sendEvents(req: IncomingMessage, key: string): Promise<Reply> {
    if (opts.eventKey && !constantTimeEqual(key, opts.eventKey)) {
      return { status: 401, body: { error: "Event key not found", status: 401 } };
    }
    const parsed = parseJson(await readBody(req));
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.length === 0) return { status: 400, body: { error: "no events in the request", status: 400 } };
    for (const [i, e] of list.entries()) {
      const problem = eventProblem(e, i);
      if (problem) return { status: 400, body: { error: problem, status: 400 } };
      if (Buffer.byteLength(JSON.stringify(e)) > MAX_EVENT_BYTES) {
        return { status: 413, body: { error: `event ${i} is over ${MAX_EVENT_BYTES} bytes`, status: 413 } };
      }
    }
    if (executor.functions().length === 0 && opts.appUrls().length > 0) await opts.syncBeforeFirstEvent();
    const seed = req.headers["x-inngest-event-id-seed"];
    const ids = executor.acceptEvents(
      list as Array<Record<string, unknown>>,
      typeof seed === "string" ? seed : undefined,
    );
    return { status: 200, body: { ids, status: 200 } };
  }

  async function register(req: IncomingMessage): Promise<Reply> {
    requireApiKey(req);
    const expected = req.headers["x-inngest-expected-server-kind"];
    const kind = opts.signingKey ? "cloud" : "dev";
    if (typeof expected === "string" && expected !== "" && expected !== kind) {
      return {
        status: 400,
        body: { error: `the app expected an Inngest ${expected} server; this is a ${kind} server`, status: 400 },
      };
    }
    const result = executor.register(parseJson(await readBody(req)));
    // inngest-js reads the outcome from the body's `status`, not the HTTP status, so both are set.
    if ("error" in result) return { status: 400, body: { error: result.error, status: 400 } };
    return { status: 200, body: { ok: true, modified: result.modified, status: 200 } };
  }

  async function route(req: IncomingMessage, url: URL): Promise<Reply> {
    const method = req.method ?? "GET";
    const path = url.pathname;
    let m: RegExpExecArray | null;

    if ((m = /^\/e\/([^/]+)$/.exec(path))) {
      if (method !== "POST") throw new HttpError(405, "use POST");
      return sendEvents(req, decodeURIComponent(m[1] ?? ""));
    }
    if (path === "/fn/register") {
      if (method !== "POST") throw new HttpError(405, "use POST");
      return register(req);
    }
    if ((m = /^\/v1\/events\/([^/]+)\/runs$/.exec(path))) {
      requireApiKey(req);
      return { status: 200, body: { data: executor.runsForEvent(decodeURIComponent(m[1] ?? "")).map(runView) } };
    }
    if ((m = /^\/v1\/runs\/([^/]+)$/.exec(path))) {
      requireApiKey(req);
      const run = executor.run(decodeURIComponent(m[1] ?? ""));
      if (!run) throw new HttpError(404, "run not found");
      return { status: 200, body: { data: runView(run) } };
    }
    if (path === "/health") return { status: 200, body: { ok: true } };

    if (path.startsWith("/__")) {
      if (!isLoopback(req)) throw new HttpError(403, "development routes answer loopback callers only");
      if (path === "/__runs") {
        const fn = url.searchParams.get("function");
        const status = url.searchParams.get("status");
        const runs = executor
          .runs()
          .filter((r) => (!fn || r.fnId === fn) && (!status || r.status === status))
          .map(runView);
        return { status: 200, body: { runs } };
      }
      if ((m = /^\/__runs\/([^/]+)$/.exec(path))) {
        const run = executor.run(decodeURIComponent(m[1] ?? ""));
        if (!run) throw new HttpError(404, "run not found");
        return { status: 200, body: runView(run) };
      }
      if (path === "/__functions") return { status: 200, body: { functions: executor.functions() } };
      if (path === "/__sync") {
        if (method !== "POST") throw new HttpError(405, "use POST");
        const only = url.searchParams.get("url");
        const urls = only ? [only] : opts.appUrls();
        if (urls.length === 0) throw new HttpError(400, "no app URL configured; pass ?url=<serve URL>");
        const results = await Promise.all(urls.map((u) => executor.syncApp(u)));
        return { status: results.every((r) => r.ok) ? 200 : 502, body: { results } };
      }
      if ((m = /^\/__cron\/([^/]+)$/.exec(path))) {
        if (method !== "POST") throw new HttpError(405, "use POST");
        const fnId = decodeURIComponent(m[1] ?? "");
        const run = executor.fireCron(fnId);
        if (!run) throw new HttpError(404, `no registered function "${fnId}" with a cron trigger`);
        return { status: 200, body: { run_id: run.id, event_id: run.event.id } };
      }
    }
    throw new HttpError(404, `no route ${method} ${path}`);
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let reply: Reply;
    try {
      reply = await route(req, new URL(req.url ?? "/", "http://localhost"));
    } catch (err) {
      reply =
        err instanceof HttpError
          ? { status: err.status, body: { error: err.message, status: err.status } }
          : { status: 500, body: { error: err instanceof Error ? err.message : String(err), status: 500 } };
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  };
}
