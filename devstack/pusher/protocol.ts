// The rules of Pusher Channels the stand-in enforces, in one place: names, limits, close codes and signatures.
// Sources: the Channels protocol v7 (pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol),
// the HTTP API reference (…/rest-api) and the auth-signature reference (…/auth-signatures).
import { createHash, createHmac, randomInt, timingSafeEqual } from "node:crypto";

/** The only protocol version served (`?protocol=7` on the WebSocket URL). */
export const PROTOCOL_VERSION = 7;

/** Close codes from the protocol's "Error Codes" section; 4000-4099 tell clients not to retry unchanged. */
export const CloseCode = {
  appNotFound: 4001,
  pathNotFound: 4005,
  invalidVersionFormat: 4006,
  unsupportedProtocolVersion: 4007,
  noProtocolVersion: 4008,
  /** 4200-4299: reconnect immediately. Sent to every socket when the stand-in shuts down. */
  reconnectImmediately: 4200,
  pongNotReceived: 4201,
} as const;

export const CloseMessage: Record<number, string> = {
  [CloseCode.appNotFound]: "Application does not exist",
  [CloseCode.pathNotFound]: "Path not found",
  [CloseCode.invalidVersionFormat]: "Invalid version string format",
  [CloseCode.unsupportedProtocolVersion]: "Unsupported protocol version",
  [CloseCode.noProtocolVersion]: "No protocol version supplied",
  [CloseCode.reconnectImmediately]: "Server shutting down, reconnect immediately",
  [CloseCode.pongNotReceived]: "Pong reply not received",
};

/** Pusher's documented limits (pusher.com/docs/channels/library_auth_reference/rest-api, "Limits"). */
export const Limits = {
  channelNameLength: 164,
  eventNameLength: 200,
  /** Bytes of an event's `data` (HTTP API: 413 above it; client events: refused with `pusher:error`). */
  eventDataBytes: 10 * 1024,
  channelsPerTrigger: 100,
  eventsPerBatch: 10,
  presenceMembers: 100,
  userIdLength: 128,
  /** The HTTP API's auth_timestamp must be within this many seconds of the server clock. */
  timestampWindowSeconds: 600,
} as const;

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;
const SOCKET_ID = /^\d+\.\d+$/;

export type ChannelKind = "public" | "private" | "presence";

export function channelKind(name: string): ChannelKind {
  if (name.startsWith("presence-")) return "presence";
  if (name.startsWith("private-")) return "private";
  return "public";
}

/** Null when `name` is a valid channel name, else the reason (Pusher's character set, 164 characters). */
export function channelNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name === "") return "Channel name is missing";
  if (name.length > Limits.channelNameLength) {
    return `Channel name too long (${name.length} > ${Limits.channelNameLength} characters): ${name.slice(0, 40)}…`;
  }
  if (!CHANNEL_NAME.test(name)) return `Invalid channel name '${name}': only A-Z a-z 0-9 _ - = @ , . ; are allowed`;
  return null;
}

/** Null when `name` is a valid event name (non-empty, at most 200 characters), else the reason. */
export function eventNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name === "") return "Event name is missing";
  if (name.length > Limits.eventNameLength) {
    return `Event name too long (${name.length} > ${Limits.eventNameLength} characters)`;
  }
  return null;
}

export function isSocketId(value: unknown): value is string {
  return typeof value === "string" && SOCKET_ID.test(value);
}

/** A fresh socket id in Pusher's `\d+\.\d+` form (the SDKs refuse any other shape). */
export function newSocketId(): string {
  return `${randomInt(1, 2 ** 47)}.${randomInt(1, 2 ** 47)}`;
}

/** `decodeURIComponent` that answers null for malformed escapes instead of throwing (a URL is client input). */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}

export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/** Compares without leaking where the strings differ (a length mismatch is not secret). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a subscription's `auth` field: `<key>:<hex HMAC-SHA256 of "socket_id:channel[:channel_data]">`.
 * Returns null when valid, else the message Pusher sends (it names the string that should have been signed).
 */
export function channelAuthProblem(opts: {
  key: string;
  secret: string;
  socketId: string;
  channel: string;
  auth: unknown;
  channelData?: string;
}): string | null {
  const signed = [opts.socketId, opts.channel, ...(opts.channelData === undefined ? [] : [opts.channelData])].join(":");
  return signatureProblem(opts.key, opts.secret, signed, opts.auth);
}

/** Checks a `pusher:signin` `auth` field: `<key>:<hex HMAC-SHA256 of "socket_id::user::user_data">`. */
export function userAuthProblem(opts: {
  key: string;
  secret: string;
  socketId: string;
  userData: string;
  auth: unknown;
}): string | null {
  return signatureProblem(opts.key, opts.secret, `${opts.socketId}::user::${opts.userData}`, opts.auth);
}

function signatureProblem(key: string, secret: string, signed: string, auth: unknown): string | null {
  if (typeof auth !== "string" || auth === "") return `Auth value required to subscribe (signature of '${signed}')`;
  const colon = auth.indexOf(":");
  const givenKey = colon < 0 ? "" : auth.slice(0, colon);
  const givenSignature = colon < 0 ? auth : auth.slice(colon + 1);
  if (!constantTimeEqual(givenKey, key)) return `Invalid key in auth value: expected '${key}:<signature>'`;
  if (!constantTimeEqual(givenSignature, hmacSha256Hex(secret, signed))) {
    return `Invalid signature: Expected HMAC SHA256 hex digest of ${signed}, but got ${givenSignature}`;
  }
  return null;
}

/** A presence member as authorised by the app server in `channel_data`. */
export type PresenceMember = { userId: string; userInfo: unknown };

/** Parses presence `channel_data` (`{"user_id": string|number, "user_info"?: object}`); a string is a problem. */
export function parseChannelData(channelData: unknown): PresenceMember | string {
  if (typeof channelData !== "string") return "channel_data is required for presence channels";
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    return "channel_data must be a JSON-encoded object";
  }
  if (typeof parsed !== "object" || parsed === null) return "channel_data must be a JSON-encoded object";
  const { user_id: rawId, user_info: userInfo } = parsed as { user_id?: unknown; user_info?: unknown };
  if (typeof rawId !== "string" && typeof rawId !== "number") return "channel_data must contain a user_id";
  const userId = String(rawId);
  if (userId === "" || userId.length > Limits.userIdLength) {
    return `user_id must be 1-${Limits.userIdLength} characters`;
  }
  return { userId, userInfo: userInfo ?? {} };
}
