"use client";

// The browser's one Pusher connection, shared by every component on the page. pusher-js is imported on the first
// subscription, after first paint, so pages that never go live do not pay for it. Components subscribe through
// `useChannel` (reference-counted: the channel is left when its last user unmounts) and read the connection's
// health through `useRealtimeStatus`.
import type PusherClient from "pusher-js";
import type { Channel } from "pusher-js";
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";

import { TRPC_CLIENT_HEADER } from "~/lib/csrf";
import type { TRealtimeClientConfig } from "~/lib/realtime";

/**
 * "off": Pusher is not configured (pages fall back to refreshing on focus); "connecting"; "live"; "offline": the
 * connection dropped or the browser is offline (pusher-js keeps retrying, and the page says the data may be old).
 */
export type TRealtimeStatus = "off" | "connecting" | "live" | "offline";

type TStore = {
  config: TRealtimeClientConfig | null;
  pusher: Promise<PusherClient> | null;
  status: TRealtimeStatus;
  listeners: Set<() => void>;
  refs: Map<string, number>;
};

const RealtimeContext = createContext<TStore | null>(null);

/** First and longest wait before a fresh connection attempt while disconnected, in ms (see connect()). */
const RETRY_FIRST_MS = 3_000;
const RETRY_MAX_MS = 15_000;

function setStatus(store: TStore, status: TRealtimeStatus) {
  if (store.status === status) return;
  store.status = status;
  for (const l of store.listeners) l();
}

function connect(store: TStore): Promise<PusherClient> | null {
  const config = store.config;
  if (!config) return null;
  store.pusher ??= import("pusher-js").then(({ default: Pusher }) => {
    const pusher: PusherClient = new Pusher(config.key, {
      cluster: config.cluster,
      ...(config.wsHost ? { wsHost: config.wsHost, wsPort: config.wsPort, wssPort: config.wsPort } : {}),
      forceTLS: config.forceTLS,
      enabledTransports: ["ws", "wss"],
      disableStats: true,
      // /api/pusher/auth gives a private channel only to a connection already signed in as the page's session, so
      // on a signed-in page each subscription (also every re-subscription after a reconnect, which pusher-js starts
      // together with the new sign-in) waits for the sign-in to finish first.
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          const signedIn = pusher.user.signin_requested ? pusher.user.signinDonePromise : null;
          void Promise.resolve(signedIn)
            .then(() =>
              fetch("/api/pusher/auth", {
                method: "POST",
                headers: {
                  "Content-Type": "application/x-www-form-urlencoded",
                  [TRPC_CLIENT_HEADER]: "pusher",
                },
                body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }).toString(),
              }),
            )
            .then(async (res) => {
              if (!res.ok) throw new Error(`Channel authorisation refused (HTTP ${res.status})`);
              callback(null, (await res.json()) as { auth: string });
            })
            .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null));
        },
      },
      // Signed-in pages sign the connection in as their user (useRealtimeSignin), so the server can end it when the
      // session is revoked (src/server/realtime/terminate.ts).
      userAuthentication: {
        endpoint: "/api/pusher/user-auth",
        transport: "ajax",
        headers: { [TRPC_CLIENT_HEADER]: "pusher" },
      },
    });
    // pusher-js retries a refused connection only after its attempt timeout (15 s, then 30 s, 60 s: its default
    // strategy), so a server restart of a few seconds would leave pages stale that long. While not connected, start
    // a fresh attempt after RETRY_FIRST_MS, doubling up to RETRY_MAX_MS (a slow handshake still gets ever longer).
    let retryDelay = RETRY_FIRST_MS;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const reconnectNow = () => {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      pusher.disconnect();
      pusher.connect();
    };
    const retrySoon = () => {
      if (retryTimer !== undefined) return;
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        const state = pusher.connection.state;
        if (state !== "connecting" && state !== "unavailable" && state !== "disconnected") return;
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
        reconnectNow();
      }, retryDelay);
    };
    pusher.connection.bind("state_change", ({ current }: { current: string }) => {
      if (current === "connected") {
        retryDelay = RETRY_FIRST_MS;
        clearTimeout(retryTimer);
        retryTimer = undefined;
      } else if (current === "connecting" || current === "unavailable" || current === "disconnected") {
        // "disconnected" without our asking: the server ended the connection (a 4009 when the user's sessions
        // changed); pusher-js would not come back by itself. A tab whose session is still valid signs in again.
        retrySoon();
      }
      setStatus(
        store,
        current === "connected"
          ? "live"
          : current === "connecting" || current === "initialized"
            ? "connecting"
            : "offline",
      );
    });
    // Back online or back in the tab: reconnect now instead of waiting for any back-off (pusher.connect() alone does
    // nothing while pusher-js is between attempts).
    const wake = () => {
      if (document.visibilityState === "visible" && pusher.connection.state !== "connected") reconnectNow();
    };
    window.addEventListener("online", wake);
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("offline", () => setStatus(store, "offline"));
    return pusher;
  });
  return store.pusher;
}

/** Provides the page's Pusher settings (from the server at request time; null when not configured). */
export function RealtimeProvider({ config, children }: { config: TRealtimeClientConfig | null; children: ReactNode }) {
  const store = useRef<TStore | null>(null);
  store.current ??= {
    config,
    pusher: null,
    status: config ? "connecting" : "off",
    listeners: new Set(),
    refs: new Map(),
  };
  return <RealtimeContext.Provider value={store.current}>{children}</RealtimeContext.Provider>;
}

function useStore(): TStore {
  const store = useContext(RealtimeContext);
  if (!store) throw new Error("useChannel/useRealtimeStatus need <RealtimeProvider> (src/app/layout.tsx)");
  return store;
}

/**
 * Signs the page's Pusher connection in as the signed-in user (pusher:signin through /api/pusher/user-auth; pusher-js
 * signs in again after each reconnect). Mount it only in signed-in frames: the server then ends the connection
 * when the user's sessions change (revoked, password changed, account disabled), and a tab whose session is gone
 * is refused its subscriptions when it reconnects.
 */
export function useRealtimeSignin(): void {
  const store = useStore();
  useEffect(() => {
    void connect(store)?.then((pusher) => pusher.signin());
  }, [store]);
}

/** useRealtimeSignin as a component, for server-component frames (AppShell). */
export function RealtimeSignin(): null {
  useRealtimeSignin();
  return null;
}

/** The connection's health, for the "live" / "reconnecting" / "last seen" indicators. "connecting" on the server. */
export function useRealtimeStatus(): TRealtimeStatus {
  const store = useStore();
  return useSyncExternalStore(
    (l) => {
      store.listeners.add(l);
      return () => store.listeners.delete(l);
    },
    () => store.status,
    () => (store.config ? "connecting" : "off"),
  );
}

export type TChannelHandlers = Record<string, (data: unknown) => void>;

export type TChannelOptions = {
  /**
   * Called each time the subscription succeeds: first subscription, every re-subscription after a reconnect, and
   * when the tab becomes visible again. This is where a component re-reads what it missed (tRPC `since` cursor).
   */
  onSync?: () => void;
  /**
   * Called when the server refuses the subscription (`pusher:subscription_error`, e.g. 403): the channel named from
   * data that changed meanwhile (a load accepted between the page's read and its subscription moves to the new
   * driver's channel). Re-read there; the new data names the channel to subscribe to.
   */
  onRefused?: () => void;
};

/**
 * Subscribes to `channelName` (null: nothing) while the component is mounted and calls `handlers[event](data)` for
 * each event. Handlers and `onSync` may change between renders without resubscribing. Returns `trigger(event,
 * data)` for client events (`client-…`, private channels only; resolves false when not subscribed).
 */
export function useChannel(
  channelName: string | null,
  handlers: TChannelHandlers,
  opts: TChannelOptions = {},
): { trigger: (event: `client-${string}`, data: unknown) => Promise<boolean> } {
  const store = useStore();
  const latest = useRef({ handlers, onSync: opts.onSync, onRefused: opts.onRefused });
  latest.current = { handlers, onSync: opts.onSync, onRefused: opts.onRefused };
  const channelRef = useRef<Channel | null>(null);

  useEffect(() => {
    if (!channelName) return;
    const pending = connect(store);
    if (!pending) return;
    let cancelled = false;
    let cleanup = () => {};
    void pending.then((pusher) => {
      if (cancelled) return;
      store.refs.set(channelName, (store.refs.get(channelName) ?? 0) + 1);
      const channel = pusher.channel(channelName) ?? pusher.subscribe(channelName);
      channelRef.current = channel;
      const onEvent = (event: string, data: unknown) => {
        if (event.startsWith("pusher:") || event.startsWith("pusher_internal:")) return;
        latest.current.handlers[event]?.(data);
      };
      const onSync = () => latest.current.onSync?.();
      const onRefused = () => latest.current.onRefused?.();
      const onVisible = () => {
        if (document.visibilityState === "visible" && channel.subscribed) onSync();
      };
      channel.bind_global(onEvent);
      channel.bind("pusher:subscription_succeeded", onSync);
      channel.bind("pusher:subscription_error", onRefused);
      document.addEventListener("visibilitychange", onVisible);
      if (channel.subscribed) onSync();
      cleanup = () => {
        channel.unbind_global(onEvent);
        channel.unbind("pusher:subscription_succeeded", onSync);
        channel.unbind("pusher:subscription_error", onRefused);
        document.removeEventListener("visibilitychange", onVisible);
        const left = (store.refs.get(channelName) ?? 1) - 1;
        if (left <= 0) {
          store.refs.delete(channelName);
          pusher.unsubscribe(channelName);
        } else store.refs.set(channelName, left);
        channelRef.current = null;
      };
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [channelName, store]);

  return {
    trigger: async (event, data) => {
      const channel = channelRef.current;
      if (!channel?.subscribed) return false;
      return channel.trigger(event, data);
    },
  };
}
