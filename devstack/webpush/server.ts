/**
 * A local Web Push service: what fcm.googleapis.com or updates.push.services.mozilla.com are to a browser, for
 * development and tests where neither is reachable. It hands out subscriptions (endpoint + p256dh + auth, as
 * `PushSubscription.toJSON()` gives them) and keeps their private keys, so it can do what the browser would with a
 * push: it checks VAPID (RFC 8292, and that the key is the one the subscription was made for, as FCM does), requires
 * `TTL` and `Content-Encoding: aes128gcm`, decrypts the payload (RFC 8291) and keeps it in a list tests read.
 * An expired subscription answers 410 Gone, an unknown one 404, as real push services do.
 *
 * Routes (none of them part of a real push service's API except `POST /push/:id`):
 *   POST   /subscriptions        { applicationServerKey?: base64url } -> { endpoint, expirationTime, keys }
 *   DELETE /subscriptions/:id    expire it (later pushes get 410)
 *   POST   /push/:id             the push endpoint
 *   GET    /__messages           { messages: TPushMessage[] } newest first;  DELETE clears
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { checkVapid, decryptPush, newReceiverKeys, type TReceiverKeys } from "./crypto";

export type TStandInSubscription = {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
};

/** One push the service accepted, decrypted. */
export type TPushMessage = {
  subscriptionId: string;
  endpoint: string;
  /** The decrypted payload as UTF-8 text. */
  payload: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  vapidSubject: string;
  receivedAt: string;
};

export type TWebPushStandIn = {
  url: string;
  port: number;
  /** Creates a subscription as a browser's pushManager.subscribe would, bound to `applicationServerKey` if given. */
  subscribe(applicationServerKey?: string): TStandInSubscription;
  /** Expires the subscription behind `endpoint`: later pushes to it get 410 Gone. */
  expire(endpoint: string): void;
  messages(): TPushMessage[];
  clear(): void;
  close(): Promise<void>;
};

type TSub = { id: string; keys: TReceiverKeys; serverKey: string | null; expired: boolean };

const MAX_BODY = 4096 + 1024; // push services accept 4 KB of payload; the header adds 86 bytes

export async function startWebPushStandIn(opts: { port?: number; host?: string } = {}): Promise<TWebPushStandIn> {
  const host = opts.host ?? "127.0.0.1";
  const subs = new Map<string, TSub>();
  const received: TPushMessage[] = [];
  let url = "";

  function subscribe(applicationServerKey?: string): TStandInSubscription {
    const id = randomBytes(12).toString("base64url");
    const keys = newReceiverKeys(randomBytes(16));
    subs.set(id, { id, keys, serverKey: applicationServerKey ?? null, expired: false });
    return {
      endpoint: `${url}/push/${id}`,
      expirationTime: null,
      keys: { p256dh: keys.publicKey.toString("base64url"), auth: keys.auth.toString("base64url") },
    };
  }

  function push(req: IncomingMessage, id: string, body: Buffer): { status: number; text: string } {
    const sub = subs.get(id);
    if (!sub) return { status: 404, text: "No such subscription" };
    if (sub.expired) return { status: 410, text: "push subscription has unsubscribed or expired" };
    const vapid = checkVapid(req.headers.authorization, url, Math.floor(Date.now() / 1000));
    if (!vapid.ok) return { status: 401, text: `VAPID: ${vapid.reason}` };
    if (sub.serverKey && sub.serverKey !== vapid.publicKey) {
      return { status: 403, text: "the VAPID key is not the applicationServerKey the subscription was made with" };
    }
    const ttlHeader = req.headers.ttl;
    if (typeof ttlHeader !== "string" || !/^\d+$/.test(ttlHeader)) return { status: 400, text: "TTL header required" };
    if (body.length > 0 && req.headers["content-encoding"] !== "aes128gcm") {
      return { status: 415, text: "Content-Encoding must be aes128gcm" };
    }
    if (body.length > MAX_BODY) return { status: 413, text: "Payload too large" };
    let payload = "";
    if (body.length > 0) {
      try {
        payload = decryptPush(body, sub.keys).toString("utf8");
      } catch (e) {
        return { status: 400, text: `cannot decrypt: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    received.unshift({
      subscriptionId: id,
      endpoint: `${url}/push/${id}`,
      payload,
      ttl: Number(ttlHeader),
      urgency: typeof req.headers.urgency === "string" ? req.headers.urgency : null,
      topic: typeof req.headers.topic === "string" ? req.headers.topic : null,
      vapidSubject: vapid.subject,
      receivedAt: new Date().toISOString(),
    });
    return { status: 201, text: "" };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    const body = await readBody(req, MAX_BODY * 2);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(value));
    };
    const pushMatch = /^\/push\/([A-Za-z0-9_-]+)$/.exec(path);
    if (pushMatch && req.method === "POST") {
      const r = push(req, pushMatch[1]!, body);
      res.writeHead(r.status, { "Content-Type": "text/plain" });
      res.end(r.text);
      return;
    }
    if (path === "/subscriptions" && req.method === "POST") {
      let key: string | undefined;
      try {
        const parsed = body.length ? (JSON.parse(body.toString("utf8")) as { applicationServerKey?: unknown }) : {};
        key = typeof parsed.applicationServerKey === "string" ? parsed.applicationServerKey : undefined;
      } catch {
        return json(400, { error: "body must be JSON" });
      }
      return json(201, subscribe(key));
    }
    const subMatch = /^\/subscriptions\/([A-Za-z0-9_-]+)$/.exec(path);
    if (subMatch && req.method === "DELETE") {
      const sub = subs.get(subMatch[1]!);
      if (!sub) return json(404, { error: "No such subscription" });
      sub.expired = true;
      return json(200, { expired: true });
    }
    if (path === "/__messages" && req.method === "GET") return json(200, { messages: received });
    if (path === "/__messages" && req.method === "DELETE") {
      received.length = 0;
      return json(200, { cleared: true });
    }
    return json(404, { error: "Not found" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(e instanceof Error ? e.message : "internal error");
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;

  return {
    url,
    port,
    subscribe,
    expire(endpoint) {
      const id = endpoint.slice(endpoint.lastIndexOf("/") + 1);
      const sub = subs.get(id);
      if (sub) sub.expired = true;
    },
    messages: () => received.map((m) => ({ ...m })),
    clear: () => {
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolveBody(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
