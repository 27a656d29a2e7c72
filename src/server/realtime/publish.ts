// Publishing to Pusher Channels through the official `pusher` server SDK (to Pusher, soketi or devstack/pusher,
// by configuration: ./config.ts). Always called after the database commit: the row is the truth and the event only
// a hint, so a failed publish is logged and swallowed. Clients re-read what they missed through tRPC (`since`
// cursors) when they reconnect or come back to the tab.

import Pusher from "pusher";

import { realtimeServerConfig } from "./config";
import { logger } from "~/server/log/logger";

let client: Pusher | null | undefined;

/** The SDK client, created on first use; null when Pusher is not configured. */
export function pusherServer(): Pusher | null {
  if (client === undefined) {
    const c = realtimeServerConfig();
    client = c
      ? new Pusher(
          c.host !== undefined
            ? {
                appId: c.appId,
                key: c.key,
                secret: c.secret,
                host: c.host,
                port: c.port ? String(c.port) : undefined,
                useTLS: c.useTLS,
              }
            : { appId: c.appId, key: c.key, secret: c.secret, cluster: c.cluster, useTLS: true },
        )
      : null;
  }
  return client;
}

/** Forgets the SDK client so the next call reads the configuration again (tests that start their own stand-in). */
export function resetPusherServer(): void {
  client = undefined;
}

/** Pusher's limit on channels per trigger call (HTTP API `POST /apps/:id/events`). */
const MAX_CHANNELS_PER_TRIGGER = 100;

/**
 * Publishes `event` with `data` (JSON, under Pusher's 10 KB limit) on each of `channels`, excluding the connection
 * `socketId` when given (the sender, who has applied its own change). Resolves to true when Pusher accepted it,
 * false when Pusher is not configured or refused or could not be reached (logged, never thrown: the change is
 * already committed and clients catch up through tRPC).
 */
export async function publish(
  channels: string | readonly string[],
  event: string,
  data: unknown,
  opts: { socketId?: string } = {},
): Promise<boolean> {
  const pusher = pusherServer();
  const list = typeof channels === "string" ? [channels] : [...channels];
  if (!pusher || list.length === 0) return false;
  try {
    for (let i = 0; i < list.length; i += MAX_CHANNELS_PER_TRIGGER) {
      await pusher.trigger(
        list.slice(i, i + MAX_CHANNELS_PER_TRIGGER),
        event,
        data,
        opts.socketId ? { socket_id: opts.socketId } : undefined,
      );
    }
    return true;
  } catch (error) {
    const status = (error as { status?: number }).status;
    logger.warn(
      { module: "realtime", event, channels: list, status: status ?? null, err: error },
      `realtime: publishing ${event} failed${status ? ` (HTTP ${status})` : ""}`,
    );
    return false;
  }
}
