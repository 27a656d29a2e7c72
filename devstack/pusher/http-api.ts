// The HTTP API of Pusher Channels (pusher.com/docs/channels/library_auth_reference/rest-api): trigger, batch
// trigger and channel queries under /apps/:app_id, each request signed as the reference describes. Errors are
// plain-text bodies, as Pusher answers them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChannelRegistry } from "./channel-registry";
import {
  byteLength,
  channelKind,
  channelNameProblem,
  constantTimeEqual,
  decodePathSegment,
  eventNameProblem,
  hmacSha256Hex,
  isSocketId,
  Limits,
  md5Hex,
} from "./protocol";
import type { AppCredentials } from "./websocket-server";

export type HttpApiOptions = {
  app: AppCredentials;
  registry: ChannelRegistry;
  /** Closes every connection signed in as `userId`; returns how many (`POST /users/:user_id/terminate_connections`). */
  terminateUser: (userId: string) => number;
  /** Milliseconds since the epoch; injectable so tests can check the 600 s window. */
  now: () => number;
};

/** A request body above this is refused with 413 before parsing (10 events of 10 KB fit easily). */
const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Reply = { status: number; body: unknown };

export async function handleHttpApi(req: IncomingMessage, res: ServerResponse, options: HttpApiOptions): Promise<void> {
  let reply: Reply;
  try {
    reply = await route(req, options);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    res.writeHead(err.status, { "content-type": "text/plain; charset=utf-8" }).end(`${err.message}\n`);
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
}

async function route(req: IncomingMessage, options: HttpApiOptions): Promise<Reply> {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const method = req.method ?? "GET";
  const match = /^\/apps\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!match) throw new HttpError(404, "Not found");
  if (decodePathSegment(match[1] ?? "") !== options.app.appId) throw new HttpError(404, "Unknown app");
  const subPath = match[2] ?? "";

  const body = await readBody(req);
  authenticate({ method, path: url.pathname, query: url.searchParams, body, options });

  const { registry } = options;
  if (subPath === "/events") return post(method, () => triggerEvents(parseJson(body), registry));
  if (subPath === "/batch_events") return post(method, () => triggerBatch(parseJson(body), registry));
  if (subPath === "/channels") return get(method, () => listChannels(url.searchParams, registry));
  const userMatch = /^\/users\/([^/]+)\/terminate_connections$/.exec(subPath);
  if (userMatch) {
    const userId = decodePathSegment(userMatch[1] ?? "");
    if (!userId) throw new HttpError(400, "Invalid user id");
    return post(method, () => {
      options.terminateUser(userId);
      return {};
    });
  }
  const channelMatch = /^\/channels\/([^/]+)(\/users)?$/.exec(subPath);
  if (channelMatch) {
    const name = decodePathSegment(channelMatch[1] ?? "");
    const problem = channelNameProblem(name);
    if (problem !== null || name === null) throw new HttpError(400, problem ?? "Invalid channel name");
    if (channelMatch[2]) return get(method, () => channelUsers(name, registry));
    return get(method, () => channelInfo(name, url.searchParams, registry));
  }
  throw new HttpError(404, "Not found");
}

function post(method: string, handler: () => unknown): Reply {
  if (method !== "POST") throw new HttpError(405, "Method not allowed: use POST");
  return { status: 200, body: handler() };
}

function get(method: string, handler: () => unknown): Reply {
  if (method !== "GET") throw new HttpError(405, "Method not allowed: use GET");
  return { status: 200, body: handler() };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Pusher's request signature: `auth_signature` is the hex HMAC-SHA256, with the app secret, of
 * `METHOD\nPATH\nQUERY` where QUERY is every other parameter, keys lower-cased, sorted, joined as `k=v` with `&`.
 * `auth_timestamp` must be within 600 s of the server clock, `auth_version` 1.0, and a body needs `body_md5`.
 */
function authenticate(opts: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  options: HttpApiOptions;
}): void {
  const { query, options } = opts;
  const { key, secret } = options.app;
  if (query.get("auth_key") !== key) throw new HttpError(401, "Unknown auth_key");
  const timestamp = Number(query.get("auth_timestamp"));
  const serverSeconds = Math.floor(options.now() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(serverSeconds - timestamp) > Limits.timestampWindowSeconds) {
    throw new HttpError(
      401,
      `Timestamp expired: Given timestamp (${query.get("auth_timestamp")}) not within ${Limits.timestampWindowSeconds}s of server time (${serverSeconds})`,
    );
  }
  if (query.get("auth_version") !== "1.0") throw new HttpError(401, "Unsupported auth_version: use 1.0");
  const bodyMd5 = query.get("body_md5");
  if (opts.body !== "" || bodyMd5 !== null) {
    if (bodyMd5 === null || !constantTimeEqual(bodyMd5, md5Hex(opts.body))) {
      throw new HttpError(401, "body_md5 does not match the MD5 hex digest of the request body");
    }
  }
  const pairs = [...query.entries()]
    .filter(([name]) => name !== "auth_signature")
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`);
  const signed = [opts.method.toUpperCase(), opts.path, pairs.join("&")].join("\n");
  if (!constantTimeEqual(query.get("auth_signature") ?? "", hmacSha256Hex(secret, signed))) {
    throw new HttpError(
      401,
      `Invalid signature: you should have sent HmacSHA256Hex(${JSON.stringify(signed)}, your_secret)`,
    );
  }
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Reported below, as for any body that is not an object.
  }
  throw new HttpError(400, "Request body must be a JSON object");
}

type ValidEvent = { name: string; data: string; channels: string[]; socketId: string | undefined; info: string[] };

/** Checks one event in Pusher's rule order: names and counts are 400, data over 10 KB is 413. */
function validateEvent(event: Record<string, unknown>, channels: unknown): ValidEvent {
  const nameProblem = eventNameProblem(event.name);
  if (nameProblem !== null) throw new HttpError(400, nameProblem);
  if (!Array.isArray(channels) || channels.length === 0) throw new HttpError(400, "Missing channels");
  if (channels.length > Limits.channelsPerTrigger) {
    throw new HttpError(400, `Too many channels: ${channels.length} > ${Limits.channelsPerTrigger}`);
  }
  for (const channel of channels) {
    const problem = channelNameProblem(channel);
    if (problem !== null) throw new HttpError(400, problem);
  }
  if (typeof event.data !== "string") throw new HttpError(400, "data must be a string");
  const socketId = event.socket_id;
  if (socketId !== undefined && !isSocketId(socketId)) throw new HttpError(400, `Invalid socket_id '${socketId}'`);
  const size = byteLength(event.data);
  if (size > Limits.eventDataBytes) {
    throw new HttpError(413, `Event data is ${size} bytes, over the ${Limits.eventDataBytes}-byte limit`);
  }
  const info = typeof event.info === "string" && event.info !== "" ? event.info.split(",") : [];
  return { name: event.name as string, data: event.data, channels: channels as string[], socketId, info };
}

function publish(event: ValidEvent, registry: ChannelRegistry): Record<string, Record<string, number>> {
  const attributes: Record<string, Record<string, number>> = {};
  for (const channel of event.channels) {
    registry.broadcast(channel, { event: event.name, channel, data: event.data }, event.socketId);
    if (event.info.length > 0) attributes[channel] = channelAttributes(channel, event.info, registry);
  }
  return attributes;
}

/** `info` on a trigger asks for `subscription_count` / `user_count` of each channel, as Pusher returns them. */
function channelAttributes(channel: string, info: string[], registry: ChannelRegistry): Record<string, number> {
  const { subscriptionCount, userCount } = registry.info(channel);
  const attributes: Record<string, number> = {};
  if (info.includes("subscription_count")) attributes.subscription_count = subscriptionCount;
  if (info.includes("user_count") && userCount !== undefined) attributes.user_count = userCount;
  return attributes;
}

function validateInfo(info: string[], allowed: string[], channel: string): void {
  for (const attribute of info) {
    if (!allowed.includes(attribute)) throw new HttpError(400, `Unsupported info attribute '${attribute}'`);
    if (attribute === "user_count" && channelKind(channel) !== "presence") {
      throw new HttpError(400, "user_count is only available for presence channels");
    }
  }
}

function triggerEvents(body: Record<string, unknown>, registry: ChannelRegistry): unknown {
  const channels = body.channels ?? (body.channel === undefined ? undefined : [body.channel]);
  const event = validateEvent(body, channels);
  for (const channel of event.channels) validateInfo(event.info, ["subscription_count", "user_count"], channel);
  const attributes = publish(event, registry);
  return event.info.length > 0 ? { channels: attributes } : {};
}

function triggerBatch(body: Record<string, unknown>, registry: ChannelRegistry): unknown {
  const batch = body.batch;
  if (!Array.isArray(batch) || batch.length === 0) throw new HttpError(400, "batch must be a non-empty array");
  if (batch.length > Limits.eventsPerBatch) {
    throw new HttpError(400, `Batch too large: ${batch.length} > ${Limits.eventsPerBatch} events`);
  }
  // Every event is checked before any is sent: a refused batch publishes nothing.
  const events = batch.map((item: unknown) => {
    if (typeof item !== "object" || item === null) throw new HttpError(400, "Each batch item must be an object");
    const record = item as Record<string, unknown>;
    const event = validateEvent(record, [record.channel]);
    validateInfo(event.info, ["subscription_count", "user_count"], event.channels[0] ?? "");
    return event;
  });
  const results = events.map((event) => {
    const channel = event.channels[0] ?? "";
    return publish(event, registry)[channel] ?? {};
  });
  return events.some((event) => event.info.length > 0) ? { batch: results } : {};
}

function listChannels(query: URLSearchParams, registry: ChannelRegistry): unknown {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = (query.get("info") ?? "").split(",").filter(Boolean);
  for (const attribute of info) {
    if (attribute !== "user_count") throw new HttpError(400, `Unsupported info attribute '${attribute}'`);
    if (!prefix.startsWith("presence-")) {
      throw new HttpError(400, "info=user_count requires filter_by_prefix=presence-");
    }
  }
  const channels: Record<string, Record<string, number>> = {};
  for (const name of registry.occupied(prefix)) channels[name] = channelAttributes(name, info, registry);
  return { channels };
}

function channelInfo(name: string, query: URLSearchParams, registry: ChannelRegistry): unknown {
  const info = (query.get("info") ?? "").split(",").filter(Boolean);
  validateInfo(info, ["subscription_count", "user_count"], name);
  return { occupied: registry.info(name).occupied, ...channelAttributes(name, info, registry) };
}

function channelUsers(name: string, registry: ChannelRegistry): unknown {
  if (channelKind(name) !== "presence") throw new HttpError(400, "Users are only available for presence channels");
  return { users: registry.presence(name).ids.map((id) => ({ id })) };
}
