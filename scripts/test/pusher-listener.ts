// For integration tests: a pusher-js client on the test run's Pusher stand-in (global-setup.ts) that subscribes to
// any private channel (signing the authorisation with the app secret, as /api/pusher/auth would for an allowed
// user) and records what the app published.
//
//   const feed = await listenTo(shipmentChannel(id));
//   await depart(...);
//   const e = await feed.next("status");   // resolves with the payload, or rejects after 5 s
//   await feed.close();
import Pusher from "pusher";
import PusherJS from "pusher-js";
import { inject } from "vitest";

export type TFeed = {
  /** Every event received so far, in order (internal `pusher:` events left out). */
  events: { event: string; data: unknown }[];
  /** The next not-yet-taken event named `event` (matching `where`), waiting up to `timeoutMs`. */
  next(event: string, opts?: { timeoutMs?: number; where?: (data: unknown) => boolean }): Promise<unknown>;
  close(): Promise<void>;
};

/** Subscribes to `channelName` on the stand-in and resolves once the subscription succeeded. */
export async function listenTo(channelName: string): Promise<TFeed> {
  const cfg = inject("pusher");
  const signer = new Pusher({
    appId: cfg.appId,
    key: cfg.key,
    secret: cfg.secret,
    host: cfg.host,
    port: String(cfg.port),
  });
  const client = new PusherJS(cfg.key, {
    cluster: "local",
    wsHost: cfg.host,
    wsPort: cfg.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    enableStats: false,
    channelAuthorization: {
      customHandler: ({ socketId, channelName: name }, callback) =>
        callback(null, signer.authorizeChannel(socketId, name)),
    },
  });
  const events: TFeed["events"] = [];
  const taken = new Set<number>();
  const waiters = new Set<() => void>();
  const channel = client.subscribe(channelName);
  channel.bind_global((event: string, data: unknown) => {
    if (event.startsWith("pusher")) return;
    events.push({ event, data });
    for (const w of waiters) w();
  });
  await new Promise<void>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve());
    channel.bind("pusher:subscription_error", (e: unknown) =>
      reject(new Error(`subscription refused: ${JSON.stringify(e)}`)),
    );
  });
  return {
    events,
    next(event, opts = {}) {
      const { timeoutMs = 5_000, where = () => true } = opts;
      return new Promise((resolve, reject) => {
        const check = () => {
          const i = events.findIndex((e, idx) => !taken.has(idx) && e.event === event && where(e.data));
          if (i < 0) return false;
          taken.add(i);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(events[i]!.data);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no "${event}" event on ${channelName} within ${timeoutMs} ms (got: ${events.map((e) => e.event).join(", ") || "nothing"})`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async close() {
      client.disconnect();
    },
  };
}
