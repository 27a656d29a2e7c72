/**
 * A local stand-in for Pusher Channels: protocol v7 over WebSocket at `/app/:key` and the signed HTTP API under
 * `/apps/:id`, on one port, so the official `pusher` (server) and `pusher-js` (client) SDKs work unchanged when
 * pointed at it by host and port. State is in memory; bind it to loopback (the default).
 *
 *   const pusher = await startPusherStandIn({ port: 0 });
 *   new Pusher({ appId: pusher.appId, key: pusher.key, secret: pusher.secret, host: pusher.host,
 *                port: String(pusher.port), useTLS: false });
 *   await pusher.close();
 *
 * For tests of reconnection, `restart(downMs)` (or `POST /__control/restart?downMs=…` from loopback, for a test
 * runner in another process) does what a server restart does: every socket closes, nothing listens for `downMs`,
 * then it listens again on the same port with the same app credentials and empty state.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ChannelRegistry } from "./channel-registry";
import { handleHttpApi } from "./http-api";
import { PusherWebSocketServer } from "./websocket-server";

export type PusherStandInOptions = {
  /** TCP port; 0 (the default) picks a free one, reported as `port`. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Credentials of the one app served; each defaults to a fresh random value. */
  appId?: string;
  key?: string;
  secret?: string;
  /** Seconds of client silence before the server pings; sent as `activity_timeout` (Pusher sends 120). */
  activityTimeoutSeconds?: number;
  /** How long to wait for a reply to the server's ping before closing with 4201; defaults to 30 s. */
  pongTimeoutMs?: number;
  /** The clock the HTTP API checks `auth_timestamp` against (ms since the epoch); tests move it. */
  now?: () => number;
  /** Serve `POST /__control/restart?downMs=` to loopback clients (default true; never part of Pusher's API). */
  controlEndpoint?: boolean;
};

/** The longest outage `restart` accepts, in ms: a test asking for more is a mistake. */
export const MAX_RESTART_DOWN_MS = 60_000;

export type PusherStandIn = {
  appId: string;
  key: string;
  secret: string;
  host: string;
  port: number;
  /** `http://host:port`, the base of the HTTP API; WebSockets connect to `ws://host:port/app/<key>`. */
  url: string;
  /** Open WebSocket connections (for tests and the devstack banner). */
  connectionCount(): number;
  /**
   * Restarts the server as a deployment would: stops listening (new connections are refused), closes every socket
   * with 4200, drops all subscriptions and presence members, waits `downMs` (0 to MAX_RESTART_DOWN_MS), then listens
   * again on the same host and port with the same credentials. Resolves once it listens again; rejects if it is
   * already restarting or closed, or for a `downMs` out of range.
   */
  restart(downMs?: number): Promise<void>;
  /** Closes every socket with 4200 (clients reconnect immediately), then the listener; resolves when all is gone. */
  close(): Promise<void>;
};

export async function startPusherStandIn(options: PusherStandInOptions = {}): Promise<PusherStandIn> {
  const app = {
    appId: options.appId ?? String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)),
    key: options.key ?? randomBytes(10).toString("hex"),
    secret: options.secret ?? randomBytes(16).toString("hex"),
  };
  // Replaced on every restart: a restarted server remembers no connection, subscription or member.
  const fresh = () => {
    const registry = new ChannelRegistry();
    const sockets = new PusherWebSocketServer({
      app,
      registry,
      activityTimeoutSeconds: options.activityTimeoutSeconds ?? 120,
      pongTimeoutMs: options.pongTimeoutMs ?? 30_000,
    });
    return { registry, sockets };
  };
  let { registry, sockets } = fresh();
  const now = options.now ?? Date.now;
  const controlEndpoint = options.controlEndpoint ?? true;

  const server = createServer((req, res) => {
    if (controlEndpoint && (req.url ?? "").startsWith("/__control/")) {
      handleControl(req, res);
      return;
    }
    handleHttpApi(req, res, { app, registry, now, terminateUser: (id) => sockets.terminateUser(id) }).catch(
      (err: unknown) => {
        console.error("pusher stand-in: unexpected error", err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal error\n");
      },
    );
  });
  server.on("upgrade", (req, socket, head) => sockets.handleUpgrade(req, socket, head));

  const host = options.host ?? "127.0.0.1";
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  /** "up", or the outage in progress (resolves when listening again), or closed for good. */
  let outage: {
    listenerGone: Promise<void>;
    timer?: NodeJS.Timeout;
    up?: Promise<void>;
    /** Ends the wait early (close() during an outage: it never comes back). */
    settle?: () => void;
  } | null = null;

  /**
   * The first half of a restart: the listener stops accepting first (so clients reconnecting on 4200 are refused,
   * as by a stopped server), then every socket is closed. Resolves when the sockets are gone; `listenerGone`
   * resolves once the last HTTP connection has ended too.
   */
  async function goDown(): Promise<NonNullable<typeof outage>> {
    const listenerGone = new Promise<void>((resolve) => server.close(() => resolve()));
    const down = { listenerGone };
    outage = down;
    server.closeIdleConnections();
    await sockets.close();
    ({ registry, sockets } = fresh());
    return down;
  }

  /** The second half: after `downMs`, listen on the same port again. */
  function comeUp(down: NonNullable<typeof outage>, downMs: number): Promise<void> {
    down.up ??= down.listenerGone.then(
      () =>
        new Promise<void>((resolve, reject) => {
          down.settle = resolve;
          down.timer = setTimeout(() => {
            if (closing) return resolve();
            listen(port).then(() => {
              outage = null;
              resolve();
            }, reject);
          }, downMs);
        }),
    );
    return down.up;
  }

  function downMsProblem(downMs: number): string | null {
    if (!Number.isInteger(downMs) || downMs < 0 || downMs > MAX_RESTART_DOWN_MS) {
      return `downMs must be a whole number of milliseconds from 0 to ${MAX_RESTART_DOWN_MS}`;
    }
    return null;
  }

  async function restart(downMs = 0): Promise<void> {
    const problem = downMsProblem(downMs);
    if (problem) throw new Error(`pusher stand-in: ${problem}`);
    if (closing || outage) throw new Error("pusher stand-in: already restarting or closed");
    const down = await goDown();
    server.closeAllConnections();
    await comeUp(down, downMs);
  }

  /**
   * `POST /__control/restart?downMs=<ms>` (default 0), from loopback only: answers 200 `{ down: true, downMs }`
   * once every socket is closed and nothing listens, then comes back after `downMs`. 403 from elsewhere, 404 for
   * another path, 405 for another method, 400 for a bad `downMs`, 409 while a restart is under way.
   */
  function handleControl(req: IncomingMessage, res: ServerResponse): void {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json", connection: "close" }).end(JSON.stringify(body));
    };
    const remote = req.socket.remoteAddress ?? "";
    if (!["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(remote)) return reply(403, { error: "loopback only" });
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (url.pathname !== "/__control/restart") return reply(404, { error: "Not found" });
    if (req.method !== "POST") return reply(405, { error: "Method not allowed: use POST" });
    const raw = url.searchParams.get("downMs") ?? "0";
    const downMs = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
    const problem = downMsProblem(downMs);
    if (problem) return reply(400, { error: problem });
    if (closing || outage) return reply(409, { error: "already restarting or closed" });
    void goDown().then(
      (down) => {
        res.on("finish", () => setImmediate(() => server.closeAllConnections()));
        reply(200, { down: true, downMs });
        comeUp(down, downMs).catch((err: unknown) => console.error("pusher stand-in: could not listen again", err));
      },
      (err: unknown) => {
        console.error("pusher stand-in: restart failed", err);
        reply(500, { error: "restart failed" });
      },
    );
  }

  return {
    ...app,
    host,
    port,
    url: `http://${host}:${port}`,
    connectionCount: () => sockets.connectionCount,
    restart,
    close: () => {
      closing ??= (async () => {
        const down = outage;
        if (down) {
          clearTimeout(down.timer);
          down.settle?.();
          server.closeAllConnections();
          await down.listenerGone;
          if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
          await sockets.close();
          return;
        }
        await sockets.close();
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      })();
      return closing;
    },
  };
}
