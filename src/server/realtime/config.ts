// Where Pusher Channels is, read from the server's environment at request time. The browser gets its settings
// from here through the root layout (not from NEXT_PUBLIC_ variables, which `next build` would freeze into the
// bundle), so one build runs against Pusher's cloud, soketi or the devstack stand-in on any port.
import { env } from "~/env";
import type { TRealtimeClientConfig } from "~/lib/realtime";

export type TRealtimeServerConfig = {
  appId: string;
  key: string;
  secret: string;
  useTLS: boolean;
} & ({ cluster: string; host?: undefined; port?: undefined } | { host: string; port?: number; cluster?: undefined });

/** The server SDK's settings, or null when Pusher is not configured (live updates are then off, and say so). */
export function realtimeServerConfig(): TRealtimeServerConfig | null {
  const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret } = env;
  if (!appId || !key || !secret) return null;
  if (env.PUSHER_HOST) {
    return { appId, key, secret, host: env.PUSHER_HOST, port: env.PUSHER_PORT, useTLS: env.PUSHER_USE_TLS === "true" };
  }
  if (env.PUSHER_CLUSTER) return { appId, key, secret, cluster: env.PUSHER_CLUSTER, useTLS: true };
  return null;
}

/** The browser's settings (no secret in them), or null when Pusher is not configured. */
export function realtimeClientConfig(): TRealtimeClientConfig | null {
  const c = realtimeServerConfig();
  if (!c) return null;
  // pusher-js requires some cluster even with wsHost; "local" is never used to build a host then.
  if (c.host !== undefined) return { key: c.key, cluster: "local", wsHost: c.host, wsPort: c.port, forceTLS: c.useTLS };
  return { key: c.key, cluster: c.cluster, forceTLS: true };
}

/** The WebSocket origin the Content-Security-Policy must allow: `{ host, port }`, or null when not configured. */
export function pusherSocketOrigin(): { host: string; port?: number } | null {
  const c = realtimeServerConfig();
  if (!c) return null;
  if (c.host !== undefined) return { host: c.host, port: c.port };
  return { host: `ws-${c.cluster}.pusher.com` };
}
