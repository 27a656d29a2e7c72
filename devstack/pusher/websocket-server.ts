// The WebSocket side of the stand-in: protocol v7 at /app/:key. One `Connection` per socket keeps its timers
// and subscriptions; channel state lives in the shared `ChannelRegistry`.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { type ChannelRegistry, type EncodedFrame, encodeFrame, type OutboundFrame } from "./channel-registry";
import {
  byteLength,
  channelAuthProblem,
  channelKind,
  channelNameProblem,
  CloseCode,
  CloseMessage,
  decodePathSegment,
  eventNameProblem,
  Limits,
  newSocketId,
  parseChannelData,
  PROTOCOL_VERSION,
  userAuthProblem,
  type PresenceMember,
} from "./protocol";

export type AppCredentials = { appId: string; key: string; secret: string };

export type WebSocketOptions = {
  app: AppCredentials;
  registry: ChannelRegistry;
  /** Seconds of silence after which the server pings (sent to clients in `connection_established`). */
  activityTimeoutSeconds: number;
  /** How long the server waits for any reply to its `pusher:ping` before closing with 4201. */
  pongTimeoutMs: number;
};

/** Pusher's 4009 (4000-4099: the client must not reconnect by itself): the connection is no longer authorised. */
const TERMINATED = 4009;
/** A whole frame above this is cut by `ws` with close code 1009; event data has its own 10 KB rule below. */
const MAX_FRAME_BYTES = 256 * 1024;
/** How long shutdown waits for clients to answer the close frame before dropping them. */
const CLOSE_GRACE_MS = 1_000;

export class PusherWebSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly connections = new Set<Connection>();
  private closing = false;

  constructor(private readonly options: WebSocketOptions) {}

  /** Takes over an HTTP upgrade; the URL is checked after the handshake so refusals carry Pusher's close codes. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.url ?? "/"));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Pusher's "terminate user connections": every connection signed in as `userId` (pusher:signin) gets
   * `pusher:error` 4009 and is closed with 4009, which pusher-js does not retry by itself. Connections that never
   * signed in are not the user's as far as Pusher knows, and stay. Returns how many were closed.
   */
  terminateUser(userId: string): number {
    let closed = 0;
    for (const connection of this.connections) {
      if (connection.userId !== userId) continue;
      connection.terminate();
      closed += 1;
    }
    return closed;
  }

  /** Closes every socket with 4200 (clients reconnect immediately) and waits for them to go. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.connections].map((connection) => connection.shutdown()));
    // Sockets refused at connect may still be in their close handshake; `wss.close()` leaves clients alone.
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, rawUrl: string): void {
    const refusal = this.refusal(new URL(rawUrl, "http://stand-in"));
    if (refusal !== null) {
      // Pusher sends the error as an event too, so clients that only read events still learn why.
      sendFrame(ws, { event: "pusher:error", data: { code: refusal, message: CloseMessage[refusal] } });
      ws.close(refusal, CloseMessage[refusal]);
      return;
    }
    const connection = new Connection(ws, this.options, () => this.connections.delete(connection));
    this.connections.add(connection);
    connection.start();
  }

  private refusal(url: URL): number | null {
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!match) return CloseCode.pathNotFound;
    if (decodePathSegment(match[1] ?? "") !== this.options.app.key) return CloseCode.appNotFound;
    const protocol = url.searchParams.get("protocol");
    if (protocol === null || protocol === "") return CloseCode.noProtocolVersion;
    if (!/^\d+$/.test(protocol)) return CloseCode.invalidVersionFormat;
    if (Number(protocol) !== PROTOCOL_VERSION) return CloseCode.unsupportedProtocolVersion;
    return null;
  }
}

function sendFrame(ws: WebSocket, frame: OutboundFrame | EncodedFrame): void {
  if (ws.readyState !== ws.OPEN) return;
  // A Buffer is sent as a text frame (binary: false); `ws` only reads it, so one buffer serves every socket.
  ws.send(Buffer.isBuffer(frame) ? frame : encodeFrame(frame), { binary: false });
}

type InboundFrame = { event: string; channel?: unknown; data?: unknown };

class Connection {
  readonly socketId = newSocketId();
  /** The user this connection signed in as (pusher:signin), if it did. */
  userId: string | null = null;
  private readonly channels = new Set<string>();
  private activityTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: WebSocketOptions,
    onGone: () => void,
  ) {
    this.closed = new Promise((resolve) => {
      ws.on("close", () => {
        this.stopTimers();
        for (const channel of this.channels) this.options.registry.unsubscribe(channel, this.socketId);
        this.channels.clear();
        onGone();
        resolve();
      });
    });
    ws.on("message", (raw, isBinary) => this.onMessage(raw, isBinary));
    // Protocol-level pongs (and pings, which `ws` answers itself) count as activity too.
    ws.on("pong", () => this.touch());
    ws.on("ping", () => this.touch());
    ws.on("error", () => ws.terminate());
  }

  start(): void {
    this.send({
      event: "pusher:connection_established",
      data: JSON.stringify({ socket_id: this.socketId, activity_timeout: this.options.activityTimeoutSeconds }),
    });
    this.touch();
  }

  /** Ends the connection for its user (terminateUser): the error event, then the close, as Pusher does. */
  terminate(): void {
    const message = "Connection terminated: the user's connections were ended by the app";
    this.send({ event: "pusher:error", data: { code: TERMINATED, message } });
    this.ws.close(TERMINATED, "Connection terminated");
  }

  async shutdown(): Promise<void> {
    this.stopTimers();
    this.ws.close(CloseCode.reconnectImmediately, CloseMessage[CloseCode.reconnectImmediately]);
    const grace = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    await this.closed;
    clearTimeout(grace);
  }

  private send(frame: OutboundFrame | EncodedFrame): void {
    sendFrame(this.ws, frame);
  }

  /** A non-fatal refusal: Pusher's `pusher:error` with no code; the connection stays open. */
  private error(message: string, code: number | null = null): void {
    this.send({ event: "pusher:error", data: { code, message } });
  }

  private stopTimers(): void {
    clearTimeout(this.activityTimer);
    clearTimeout(this.pongTimer);
  }

  /** Any traffic proves the client alive: re-arm the inactivity ping (protocol v7, "Ping and pong messages"). */
  private touch(): void {
    this.stopTimers();
    this.activityTimer = setTimeout(() => {
      this.send({ event: "pusher:ping", data: "{}" });
      this.pongTimer = setTimeout(
        () => this.ws.close(CloseCode.pongNotReceived, CloseMessage[CloseCode.pongNotReceived]),
        this.options.pongTimeoutMs,
      );
    }, this.options.activityTimeoutSeconds * 1000);
  }

  private onMessage(raw: RawData, isBinary: boolean): void {
    this.touch();
    if (isBinary) return this.error("Binary frames are not supported");
    const frame = parseFrame(raw.toString());
    if (typeof frame === "string") return this.error(frame);
    switch (frame.event) {
      case "pusher:ping":
        return this.send({ event: "pusher:pong", data: "{}" });
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        return this.subscribe(decodeData(frame.data));
      case "pusher:unsubscribe":
        return this.unsubscribe(decodeData(frame.data));
      case "pusher:signin":
        return this.signin(decodeData(frame.data));
      default:
        if (frame.event.startsWith("client-")) return this.clientEvent(frame);
        return this.error(
          `Unsupported event '${frame.event.slice(0, 64)}': clients may send pusher: and client- events`,
        );
    }
  }

  private subscribe(data: Record<string, unknown>): void {
    const channel = data.channel;
    const nameProblem = channelNameProblem(channel);
    if (nameProblem !== null || typeof channel !== "string") return this.error(nameProblem ?? "Invalid channel");
    const { registry, app } = this.options;
    if (registry.isSubscribed(channel, this.socketId)) return this.subscribed(channel);

    const kind = channelKind(channel);
    let member: PresenceMember | undefined;
    if (kind !== "public") {
      // The signature covers channel_data whenever it is sent (the server SDK signs it for private channels too).
      const channelData = data.channel_data;
      if (channelData !== undefined && typeof channelData !== "string") {
        return this.subscriptionError(channel, "channel_data must be a JSON-encoded string", 400);
      }
      const authProblem = channelAuthProblem({
        key: app.key,
        secret: app.secret,
        socketId: this.socketId,
        channel,
        auth: data.auth,
        channelData,
      });
      if (authProblem !== null) return this.subscriptionError(channel, authProblem, 401);
      if (kind === "presence") {
        const parsed = parseChannelData(channelData);
        if (typeof parsed === "string") return this.subscriptionError(channel, parsed, 400);
        if (registry.memberCount(channel) >= Limits.presenceMembers && !registry.hasMember(channel, parsed.userId)) {
          return this.subscriptionError(
            channel,
            `Presence channel is full (${Limits.presenceMembers} members)`,
            403,
            "LimitReached",
          );
        }
        member = parsed;
      }
    }
    registry.subscribe(channel, { socketId: this.socketId, send: (frame) => this.send(frame) }, member);
    this.channels.add(channel);
    this.subscribed(channel);
  }

  private subscribed(channel: string): void {
    const data = channelKind(channel) === "presence" ? { presence: this.options.registry.presence(channel) } : {};
    this.send({ event: "pusher_internal:subscription_succeeded", channel, data: JSON.stringify(data) });
  }

  /** The shape pusher-js itself emits for a failed authorisation: `{ type, error, status }`. */
  private subscriptionError(channel: string, error: string, status: number, type = "AuthError"): void {
    this.send({ event: "pusher:subscription_error", channel, data: JSON.stringify({ type, error, status }) });
  }

  private unsubscribe(data: Record<string, unknown>): void {
    const channel = data.channel;
    if (typeof channel !== "string") return this.error("pusher:unsubscribe needs a channel");
    this.options.registry.unsubscribe(channel, this.socketId);
    this.channels.delete(channel);
  }

  /** User authentication (`pusher.signin()` in pusher-js): `auth` signs `socket_id::user::user_data`. */
  private signin(data: Record<string, unknown>): void {
    const { user_data: userData, auth } = data;
    if (typeof userData !== "string") return this.error("pusher:signin needs user_data", 4009);
    const { key, secret } = this.options.app;
    const problem = userAuthProblem({ key, secret, socketId: this.socketId, userData, auth });
    if (problem !== null) return this.error(problem, 4009);
    let id: unknown;
    try {
      id = (JSON.parse(userData) as { id?: unknown }).id;
    } catch {
      return this.error("user_data must be a JSON-encoded object", 4009);
    }
    if (typeof id !== "string" || id === "") return this.error("user_data must contain a string id", 4009);
    this.userId = id;
    this.send({ event: "pusher:signin_success", data: JSON.stringify({ user_data: userData }) });
  }

  private clientEvent(frame: InboundFrame): void {
    const { event, channel } = frame;
    const eventProblem = eventNameProblem(event);
    if (eventProblem !== null) return this.error(`Client event rejected: ${eventProblem}`);
    const nameProblem = channelNameProblem(channel);
    if (nameProblem !== null || typeof channel !== "string") {
      return this.error(`Client event rejected: ${nameProblem ?? "Invalid channel"}`);
    }
    if (channelKind(channel) === "public") {
      return this.error(`Client event rejected: client events are only allowed on private and presence channels`);
    }
    const { registry } = this.options;
    if (!registry.isSubscribed(channel, this.socketId)) {
      return this.error(`Client event rejected: not subscribed to channel '${channel}'`);
    }
    const size = byteLength(typeof frame.data === "string" ? frame.data : (JSON.stringify(frame.data) ?? ""));
    if (size > Limits.eventDataBytes) {
      return this.error(`Client event rejected: data is ${size} bytes, over the ${Limits.eventDataBytes}-byte limit`);
    }
    const userId = registry.userIdOf(channel, this.socketId);
    registry.broadcast(
      channel,
      { event, channel, data: frame.data, ...(userId === undefined ? {} : { user_id: userId }) },
      this.socketId,
    );
  }
}

function parseFrame(text: string): InboundFrame | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "Invalid JSON: every message must be a JSON object with an event";
  }
  if (typeof parsed !== "object" || parsed === null || typeof (parsed as { event?: unknown }).event !== "string") {
    return "Invalid message: every message must be a JSON object with an event";
  }
  return parsed as InboundFrame;
}

/** `pusher:` events carry an object, but some clients double-encode it as a JSON string; accept both. */
function decodeData(data: unknown): Record<string, unknown> {
  if (typeof data === "string") {
    try {
      return decodeData(JSON.parse(data));
    } catch {
      return {};
    }
  }
  return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
}
