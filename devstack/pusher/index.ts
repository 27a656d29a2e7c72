/**
 * A local stand-in for Pusher Channels: protocol v7 over WebSocket at `/app/:key` and the signed HTTP API under
 * `/apps/:id`, on one port, so the official `pusher` (server) and `pusher-js` (client) SDKs work unchanged when
 * pointed at it by host and port. State is in memory; bind it to loopback (the default).
 *
 *   const pusher = await startPusherStandIn({ port: 0 });
 *   new Pusher({ appId: pusher.appId, key: pusher.key, secret: pusher.secret, host: pusher.host,
 *                port: String(pusher.port), useTLS: false });
 *   await pusher.close();
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
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
};

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
  /** Closes every socket with 4200 (clients reconnect immediately), then the listener; resolves when all is gone. */
  close(): Promise<void>;
};

export async function startPusherStandIn(options: PusherStandInOptions = {}): Promise<PusherStandIn> {
  const app = {
    appId: options.appId ?? String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)),
    key: options.key ?? randomBytes(10).toString("hex"),
    secret: options.secret ?? randomBytes(16).toString("hex"),
  };
  const registry = new ChannelRegistry();
  const sockets = new PusherWebSocketServer({
    app,
    registry,
    activityTimeoutSeconds: options.activityTimeoutSeconds ?? 120,
    pongTimeoutMs: options.pongTimeoutMs ?? 30_000,
  });
  const now = options.now ?? Date.now;

  const server = createServer((req, res) => {
    handleHttpApi(req, res, { app, registry, now }).catch((err: unknown) => {
      console.error("pusher stand-in: unexpected error", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error\n");
    });
  });
  server.on("upgrade", (req, socket, head) => sockets.handleUpgrade(req, socket, head));

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    ...app,
    host,
    port,
    url: `http://${host}:${port}`,
    connectionCount: () => sockets.connectionCount,
    close: () => {
      closing ??= (async () => {
        await sockets.close();
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      })();
      return closing;
    },
  };
}
