// The Pusher stand-in's contract, driven only as production code drives Pusher: the official `pusher` server SDK,
// the official `pusher-js` client (its Node build), and raw `ws` frames / hand-signed HTTP for what the SDKs
// cannot express. Every refusal the stand-in makes is pinned here.
import { createHmac, createHash } from "node:crypto";
import Pusher from "pusher";
import PusherJS from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startPusherStandIn, type PusherStandIn, type PusherStandInOptions } from "./index";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function start(options: PusherStandInOptions = {}): Promise<PusherStandIn> {
  const standIn = await startPusherStandIn({ port: 0, ...options });
  cleanups.push(() => standIn.close());
  return standIn;
}

function serverSdk(standIn: PusherStandIn, overrides: Partial<{ secret: string; appId: string }> = {}): Pusher {
  return new Pusher({
    appId: overrides.appId ?? standIn.appId,
    key: standIn.key,
    secret: overrides.secret ?? standIn.secret,
    host: standIn.host,
    port: String(standIn.port),
    useTLS: false,
  });
}

type Member = { user_id: string; user_info?: Record<string, unknown> };

/** A pusher-js client whose channel authorisation is signed by `signer` (the server SDK), as `/api/pusher/auth` will. */
async function clientSdk(standIn: PusherStandIn, signer: Pusher, member?: Member): Promise<PusherJS> {
  const client = new PusherJS(standIn.key, {
    cluster: "local",
    wsHost: standIn.host,
    wsPort: standIn.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    enableStats: false,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) =>
        callback(null, signer.authorizeChannel(socketId, channelName, member)),
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) =>
        callback(null, signer.authenticateUser(socketId, { id: member?.user_id ?? "anonymous" })),
    },
  });
  cleanups.push(() => client.disconnect());
  await new Promise<void>((resolve) => client.connection.bind("connected", () => resolve()));
  return client;
}

function subscribed(client: PusherJS, channelName: string): Promise<ReturnType<PusherJS["subscribe"]>> {
  const channel = client.subscribe(channelName);
  return new Promise((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
  });
}

function nextEvent<T = unknown>(channel: ReturnType<PusherJS["subscribe"]>, event: string): Promise<[T, unknown]> {
  return new Promise((resolve) => {
    const handler = (data: T, metadata: unknown) => {
      channel.unbind(event, handler);
      resolve([data, metadata]);
    };
    channel.bind(event, handler);
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Frame = { event: string; channel?: string; data?: unknown; user_id?: string };

/** A raw protocol client: frames are queued so a test can await the next one matching a predicate. */
class RawSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (raw) => {
      this.frames.push(JSON.parse(String(raw)) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async open(standIn: PusherStandIn, path = `/app/${standIn.key}?protocol=7&client=raw&version=1`) {
    const socket = new RawSocket(new WebSocket(`ws://${standIn.host}:${standIn.port}${path}`));
    cleanups.push(() => socket.ws.terminate());
    return socket;
  }

  /** Opens and waits for `connection_established`, returning the socket id. */
  static async connect(standIn: PusherStandIn): Promise<{ socket: RawSocket; socketId: string }> {
    const socket = await RawSocket.open(standIn);
    const established = await socket.next((frame) => frame.event === "pusher:connection_established");
    const data = JSON.parse(established.data as string) as { socket_id: string };
    return { socket, socketId: data.socket_id };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Resolves with (and consumes) the first queued or future frame matching `match`. */
  async next(match: (frame: Frame) => boolean, timeoutMs = 3_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0] as Frame;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await Promise.race([new Promise<void>((wake) => this.waiters.push(wake)), delay(remaining)]);
    }
  }

  async nextError(): Promise<{ code: number | null; message: string }> {
    const frame = await this.next((f) => f.event === "pusher:error");
    return frame.data as { code: number | null; message: string };
  }
}

function sign(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("hex");
}

/** An HTTP API request signed by hand, so a test can break one part of the signature at a time. */
async function signedFetch(
  standIn: PusherStandIn,
  opts: {
    method: "GET" | "POST";
    path: string;
    body?: string;
    params?: Record<string, string>;
    bodyMd5?: string;
    timestamp?: number;
  },
): Promise<Response> {
  const fullPath = `/apps/${standIn.appId}${opts.path}`;
  const params: Record<string, string> = {
    auth_key: standIn.key,
    auth_timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: "1.0",
    ...opts.params,
  };
  if (opts.body !== undefined) {
    params.body_md5 = opts.bodyMd5 ?? createHash("md5").update(opts.body).digest("hex");
  }
  const query = Object.keys(params)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("&");
  const signature = sign(standIn.secret, `${opts.method}\n${fullPath}\n${query}`);
  return fetch(`${standIn.url}${fullPath}?${query}&auth_signature=${signature}`, {
    method: opts.method,
    body: opts.body,
    headers: opts.body === undefined ? {} : { "content-type": "application/json" },
  });
}

/**
 * `pusher.post` signs and sends any body: the way to reach the HTTP API with what `trigger` refuses client-side.
 * Its typings say `body: string`, but the SDK JSON-encodes `body` itself (lib/requests.js), so it takes the object.
 */
function postEvents(server: Pusher, body: Record<string, unknown>): Promise<unknown> {
  return server.post({ path: "/events", body: body as unknown as string });
}

/** The HTTP status the server SDK's promise rejects with (it throws `RequestError` with `status`). */
async function statusOf(request: Promise<unknown>): Promise<number | undefined> {
  try {
    await request;
    return 200;
  } catch (err) {
    return (err as Pusher.RequestError).status;
  }
}

describe("connecting over WebSocket (protocol 7)", () => {
  it("pusher-js connects and gets a socket id in Pusher's form; raw clients see activity_timeout", async () => {
    const standIn = await start();
    const client = await clientSdk(standIn, serverSdk(standIn));
    expect(client.connection.socket_id).toMatch(/^\d+\.\d+$/);

    const raw = await RawSocket.open(standIn);
    const established = await raw.next((f) => f.event === "pusher:connection_established");
    expect(typeof established.data).toBe("string"); // double-encoded, as Pusher sends it
    expect(JSON.parse(established.data as string)).toEqual({
      socket_id: expect.stringMatching(/^\d+\.\d+$/),
      activity_timeout: 120,
    });
    await expect.poll(() => standIn.connectionCount()).toBe(2);
  });

  it.each([
    ["an unknown app key (4001)", (s: PusherStandIn) => `/app/not-${s.key}?protocol=7`, 4001],
    ["no protocol version (4008)", (s: PusherStandIn) => `/app/${s.key}?client=js`, 4008],
    ["an unsupported protocol version (4007)", (s: PusherStandIn) => `/app/${s.key}?protocol=6`, 4007],
    ["a malformed protocol version (4006)", (s: PusherStandIn) => `/app/${s.key}?protocol=seven`, 4006],
    ["a path other than /app/:key (4005)", () => `/socket?protocol=7`, 4005],
    ["a key with a malformed %-escape (4001)", () => `/app/%E0%A4%A?protocol=7`, 4001],
  ])("refuses %s with pusher:error and that close code", async (_label, path, code) => {
    const standIn = await start();
    const raw = await RawSocket.open(standIn, path(standIn));
    expect((await raw.nextError()).code).toBe(code);
    expect((await raw.closed).code).toBe(code);
  });

  it("pusher-js stops (does not retry) when its key is unknown", async () => {
    const standIn = await start();
    const client = new PusherJS(`wrong-${standIn.key}`, {
      cluster: "local",
      wsHost: standIn.host,
      wsPort: standIn.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      enableStats: false,
    });
    cleanups.push(() => client.disconnect());
    const error = await new Promise<unknown>((resolve) => client.connection.bind("error", resolve));
    expect(JSON.stringify(error)).toContain("4001");
  });

  it("answers pusher:ping with pusher:pong", async () => {
    const standIn = await start();
    const { socket } = await RawSocket.connect(standIn);
    socket.send({ event: "pusher:ping", data: {} });
    expect(await socket.next((f) => f.event === "pusher:pong")).toMatchObject({ event: "pusher:pong" });
  });

  it("pings a silent client after activity_timeout and closes with 4201 when no pong comes", async () => {
    const standIn = await start({ activityTimeoutSeconds: 1, pongTimeoutMs: 200 });
    const silent = await RawSocket.connect(standIn);
    const polite = await RawSocket.connect(standIn);
    await polite.socket.next((f) => f.event === "pusher:ping", 2_000);
    polite.socket.send({ event: "pusher:pong", data: {} });

    await silent.socket.next((f) => f.event === "pusher:ping", 2_000);
    expect((await silent.socket.closed).code).toBe(4201);
    expect(polite.socket.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("refuses frames that are not JSON events without closing", async () => {
    const standIn = await start();
    const { socket } = await RawSocket.connect(standIn);
    socket.send("not json");
    expect((await socket.nextError()).message).toMatch(/Invalid JSON/);
    socket.send({ data: {} });
    expect((await socket.nextError()).message).toMatch(/with an event/);
    socket.send({ event: "some-event", channel: "public", data: {} });
    expect(await socket.nextError()).toEqual({ code: null, message: expect.stringMatching(/Unsupported event/) });
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("channels and subscriptions", () => {
  it("delivers server events on public, private and presence channels to pusher-js, and stops after unsubscribe", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const client = await clientSdk(standIn, server, { user_id: "7" });
    const channels = await Promise.all(
      ["orders", "private-user-7", "presence-shipment-1"].map((name) => subscribed(client, name)),
    );
    for (const channel of channels) {
      const received = nextEvent(channel, "status");
      await server.trigger(channel.name, "status", { status: "PICKED_UP" });
      expect((await received)[0]).toEqual({ status: "PICKED_UP" });
    }

    const raw = await RawSocket.connect(standIn);
    raw.socket.send({ event: "pusher:subscribe", data: { channel: "orders" } });
    const succeeded = await raw.socket.next((f) => f.event === "pusher_internal:subscription_succeeded");
    expect(succeeded).toEqual({ event: "pusher_internal:subscription_succeeded", channel: "orders", data: "{}" });
    raw.socket.send({ event: "pusher:unsubscribe", data: { channel: "orders" } });
    await delay(50);
    await server.trigger("orders", "after", "x");
    await delay(100);
    expect(raw.socket.frames.filter((f) => f.event === "after")).toEqual([]);
  });

  it("refuses private and presence subscriptions with a bad or missing signature (pusher:subscription_error)", async () => {
    const standIn = await start();
    const { socket, socketId } = await RawSocket.connect(standIn);
    const forged = `${standIn.key}:${sign("not-the-secret", `${socketId}:private-user-1`)}`;
    socket.send({ event: "pusher:subscribe", data: { channel: "private-user-1", auth: forged } });
    const error = await socket.next((f) => f.event === "pusher:subscription_error");
    expect(error.channel).toBe("private-user-1");
    expect(JSON.parse(error.data as string)).toEqual({
      type: "AuthError",
      error: expect.stringMatching(/^Invalid signature/),
      status: 401,
    });

    socket.send({ event: "pusher:subscribe", data: { channel: "private-user-1" } });
    expect(
      JSON.parse((await socket.next((f) => f.event === "pusher:subscription_error")).data as string),
    ).toMatchObject({ type: "AuthError", status: 401 });

    // A signature for another socket is no good either (replay of someone else's auth).
    const other = await RawSocket.connect(standIn);
    const stolen = serverSdk(standIn).authorizeChannel(other.socketId, "private-user-1");
    socket.send({ event: "pusher:subscribe", data: { channel: "private-user-1", auth: stolen.auth } });
    await socket.next((f) => f.event === "pusher:subscription_error");

    // Presence: the signature covers channel_data, so a changed user_id is refused.
    const auth = serverSdk(standIn).authorizeChannel(socketId, "presence-x", { user_id: "1" });
    socket.send({
      event: "pusher:subscribe",
      data: { channel: "presence-x", auth: auth.auth, channel_data: JSON.stringify({ user_id: "2" }) },
    });
    await socket.next((f) => f.event === "pusher:subscription_error");
    expect(socket.frames.filter((f) => f.event === "pusher_internal:subscription_succeeded")).toEqual([]);

    // pusher-js surfaces the refusal on the channel, with the same shape.
    const client = await clientSdk(standIn, serverSdk(standIn, { secret: "wrong-secret" }));
    await expect(subscribed(client, "private-user-1")).rejects.toThrow(/"type":"AuthError".*"status":401/);
  });

  it("refuses invalid channel names (characters, over 164) and accepts exactly 164", async () => {
    const standIn = await start();
    const { socket } = await RawSocket.connect(standIn);
    for (const channel of ["has space", "emoji-🚚", "a".repeat(165), ""]) {
      socket.send({ event: "pusher:subscribe", data: { channel } });
      expect(await socket.nextError()).toEqual({
        code: null,
        message: expect.stringMatching(/Channel name|channel name/),
      });
    }
    const longest = `${"a".repeat(163)}b`;
    socket.send({ event: "pusher:subscribe", data: { channel: longest } });
    expect((await socket.next((f) => f.event === "pusher_internal:subscription_succeeded")).channel).toBe(longest);
  });
});

describe("presence", () => {
  it("sends the member list, member_added once per user and member_removed when the user's last socket goes", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const watcher = await clientSdk(standIn, server, { user_id: "driver-1", user_info: { name: "Dee" } });
    const watching = await subscribed(watcher, "presence-shipment-9");

    const added = nextEvent<{ id: string; info: unknown }>(watching, "pusher:member_added");
    const shipper = await clientSdk(standIn, server, { user_id: "shipper-1", user_info: { name: "Sam" } });
    const shipperChannel = await subscribed(shipper, "presence-shipment-9");
    expect((await added)[0]).toEqual({ id: "shipper-1", info: { name: "Sam" } });
    const members = (shipperChannel as unknown as { members: { count: number; members: Record<string, unknown> } })
      .members;
    expect(members.count).toBe(2);
    expect(members.members).toEqual({ "driver-1": { name: "Dee" }, "shipper-1": { name: "Sam" } });

    // The same user on a second socket (another tab) is one member: no member_added, no member_removed for it.
    const raw = await RawSocket.connect(standIn);
    raw.socket.send({
      event: "pusher:subscribe",
      data: {
        channel: "presence-shipment-9",
        ...server.authorizeChannel(raw.socketId, "presence-shipment-9", { user_id: "shipper-1" }),
      },
    });
    const succeeded = await raw.socket.next((f) => f.event === "pusher_internal:subscription_succeeded");
    expect(JSON.parse(succeeded.data as string)).toEqual({
      presence: {
        ids: ["driver-1", "shipper-1"],
        hash: { "driver-1": { name: "Dee" }, "shipper-1": { name: "Sam" } },
        count: 2,
      },
    });
    const usersResponse = await server.get({ path: "/channels/presence-shipment-9/users" });
    expect(await usersResponse.json()).toEqual({ users: [{ id: "driver-1" }, { id: "shipper-1" }] });
    const infoResponse = await server.get({
      path: "/channels/presence-shipment-9",
      params: { info: "user_count,subscription_count" },
    });
    expect(await infoResponse.json()).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });

    const removedEvents: unknown[] = [];
    watching.bind("pusher:member_removed", (member: unknown) => removedEvents.push(member));
    shipper.disconnect();
    await delay(200);
    expect(removedEvents).toEqual([]);
    raw.socket.ws.close();
    await expect.poll(() => removedEvents).toEqual([{ id: "shipper-1", info: { name: "Sam" } }]);
    const after = await server.get({ path: "/channels/presence-shipment-9/users" });
    expect(await after.json()).toEqual({ users: [{ id: "driver-1" }] });
  });

  it("refuses presence subscriptions whose channel_data has no user_id", async () => {
    const standIn = await start();
    const { socket, socketId } = await RawSocket.connect(standIn);
    const channelData = JSON.stringify({ user_info: {} });
    const auth = `${standIn.key}:${sign(standIn.secret, `${socketId}:presence-x:${channelData}`)}`;
    socket.send({ event: "pusher:subscribe", data: { channel: "presence-x", auth, channel_data: channelData } });
    const error = await socket.next((f) => f.event === "pusher:subscription_error");
    expect(JSON.parse(error.data as string)).toMatchObject({ status: 400, error: expect.stringMatching(/user_id/) });
  });
  it("refuses the 101st member of a presence channel, but not another socket of a member already in", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const join = async (userId: string) => {
      const { socket, socketId } = await RawSocket.connect(standIn);
      socket.send({
        event: "pusher:subscribe",
        data: { channel: "presence-full", ...server.authorizeChannel(socketId, "presence-full", { user_id: userId }) },
      });
      return socket.next((f) => f.event.includes("subscription_"));
    };
    for (let i = 0; i < 100; i++) {
      expect((await join(`user-${i}`)).event).toBe("pusher_internal:subscription_succeeded");
    }
    const refused = await join("user-100");
    expect(refused.event).toBe("pusher:subscription_error");
    expect(JSON.parse(refused.data as string)).toEqual({
      type: "LimitReached",
      error: "Presence channel is full (100 members)",
      status: 403,
    });
    expect((await join("user-7")).event).toBe("pusher_internal:subscription_succeeded");
  });

  it("refuses a user_id over 128 characters", async () => {
    const standIn = await start();
    const { socket, socketId } = await RawSocket.connect(standIn);
    const auth = serverSdk(standIn).authorizeChannel(socketId, "presence-x", { user_id: "u".repeat(129) });
    socket.send({ event: "pusher:subscribe", data: { channel: "presence-x", ...auth } });
    const error = await socket.next((f) => f.event === "pusher:subscription_error");
    expect(JSON.parse(error.data as string)).toMatchObject({ status: 400, error: "user_id must be 1-128 characters" });
  });
});

describe("client events", () => {
  it("relays client- events on private channels to the other subscribers, never back to the sender", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const alice = await clientSdk(standIn, server, { user_id: "alice" });
    const bob = await clientSdk(standIn, server, { user_id: "bob" });
    const aliceChannel = await subscribed(alice, "private-chat-1");
    const bobChannel = await subscribed(bob, "private-chat-1");

    const echoed: unknown[] = [];
    aliceChannel.bind("client-typing", (data: unknown) => echoed.push(data));
    const received = nextEvent(bobChannel, "client-typing");
    expect(aliceChannel.trigger("client-typing", { typing: true })).toBe(true);
    expect((await received)[0]).toEqual({ typing: true });
    await delay(100);
    expect(echoed).toEqual([]);
  });

  it("adds the sender's user_id on presence channels", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const alice = await clientSdk(standIn, server, { user_id: "alice" });
    const bob = await clientSdk(standIn, server, { user_id: "bob" });
    const aliceChannel = await subscribed(alice, "presence-chat-1");
    const bobChannel = await subscribed(bob, "presence-chat-1");
    const received = nextEvent(bobChannel, "client-typing");
    aliceChannel.trigger("client-typing", { typing: true });
    expect(await received).toEqual([{ typing: true }, { user_id: "alice" }]);
  });

  it("refuses client events on public channels, on channels the socket has not joined, oversize or misnamed", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const { socket, socketId } = await RawSocket.connect(standIn);
    const listener = await RawSocket.connect(standIn);
    for (const channel of ["public-board", "private-chat-2"]) {
      listener.socket.send({
        event: "pusher:subscribe",
        data: {
          channel,
          ...(channel.startsWith("private-") ? server.authorizeChannel(listener.socketId, channel) : {}),
        },
      });
      await listener.socket.next((f) => f.event === "pusher_internal:subscription_succeeded" && f.channel === channel);
    }
    socket.send({ event: "pusher:subscribe", data: { channel: "public-board" } });
    await socket.next((f) => f.event === "pusher_internal:subscription_succeeded");

    socket.send({ event: "client-x", channel: "public-board", data: {} });
    expect((await socket.nextError()).message).toMatch(/only allowed on private and presence channels/);
    socket.send({ event: "client-x", channel: "private-chat-2", data: {} });
    expect((await socket.nextError()).message).toMatch(/not subscribed to channel 'private-chat-2'/);

    socket.send({
      event: "pusher:subscribe",
      data: { channel: "private-chat-2", ...server.authorizeChannel(socketId, "private-chat-2") },
    });
    await socket.next((f) => f.event === "pusher_internal:subscription_succeeded" && f.channel === "private-chat-2");
    socket.send({ event: "client-big", channel: "private-chat-2", data: "x".repeat(10 * 1024 + 1) });
    expect((await socket.nextError()).message).toMatch(/over the 10240-byte limit/);
    socket.send({ event: `client-${"e".repeat(194)}`, channel: "private-chat-2", data: {} });
    expect((await socket.nextError()).message).toMatch(/Event name too long/);

    // At the limits it is delivered, and nothing refused above reached the listener.
    socket.send({ event: "client-fits", channel: "private-chat-2", data: "x".repeat(10 * 1024) });
    const delivered = await listener.socket.next((f) => f.event === "client-fits");
    expect(delivered).toEqual({ event: "client-fits", channel: "private-chat-2", data: "x".repeat(10 * 1024) });
    expect(listener.socket.frames.filter((f) => f.event.startsWith("client-"))).toEqual([]);
  });
});

describe("HTTP API through the server SDK", () => {
  it("triggers to many channels, in batches, and excludes the socket_id given", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const sender = await clientSdk(standIn, server);
    const other = await clientSdk(standIn, server);
    const senderChannel = await subscribed(sender, "shipment-1");
    const otherChannels = await Promise.all(["shipment-1", "shipment-2"].map((name) => subscribed(other, name)));

    const senderGot: unknown[] = [];
    senderChannel.bind("location", (data: unknown) => senderGot.push(data));
    const both = otherChannels.map((channel) => nextEvent(channel, "location"));
    const response = await server.trigger(
      ["shipment-1", "shipment-2"],
      "location",
      { lat: 1 },
      {
        socket_id: sender.connection.socket_id,
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect((await Promise.all(both)).map(([data]) => data)).toEqual([{ lat: 1 }, { lat: 1 }]);
    await delay(100);
    expect(senderGot).toEqual([]);

    const batchReceived = nextEvent(senderChannel, "status");
    const batch = await server.triggerBatch([
      { channel: "shipment-1", name: "status", data: { status: "IN_TRANSIT" } },
      { channel: "shipment-2", name: "status", data: "plain text" },
    ]);
    expect(batch.status).toBe(200);
    expect((await batchReceived)[0]).toEqual({ status: "IN_TRANSIT" });

    const withInfo = await server.trigger("shipment-1", "x", {}, { info: "subscription_count" });
    expect(await withInfo.json()).toEqual({ channels: { "shipment-1": { subscription_count: 2 } } });
  });

  it("lists occupied channels by prefix, with user_count for presence, and reports one channel", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const client = await clientSdk(standIn, server, { user_id: "u1" });
    await Promise.all(["presence-a", "presence-b", "private-c", "d"].map((name) => subscribed(client, name)));

    expect(await (await server.get({ path: "/channels" })).json()).toEqual({
      channels: { "presence-a": {}, "presence-b": {}, "private-c": {}, d: {} },
    });
    const presence = await server.get({
      path: "/channels",
      params: { filter_by_prefix: "presence-", info: "user_count" },
    });
    expect(await presence.json()).toEqual({
      channels: { "presence-a": { user_count: 1 }, "presence-b": { user_count: 1 } },
    });
    expect(await (await server.get({ path: "/channels/d", params: { info: "subscription_count" } })).json()).toEqual({
      occupied: true,
      subscription_count: 1,
    });
    expect(await (await server.get({ path: "/channels/empty" })).json()).toEqual({ occupied: false });
  });

  it("answers 401 for a wrong secret, a wrong key, a stale timestamp or a body_md5 that does not match", async () => {
    const standIn = await start();
    const body = JSON.stringify({ name: "e", channels: ["c"], data: "{}" });

    expect(await statusOf(serverSdk(standIn, { secret: "wrong" }).trigger("c", "e", {}))).toBe(401);
    const wrongSecret = await serverSdk(standIn, { secret: "wrong" })
      .get({ path: "/channels" })
      .catch((e) => e);
    expect((wrongSecret as Pusher.RequestError).body).toMatch(/^Invalid signature/);

    const wrongKey = new Pusher({
      appId: standIn.appId,
      key: "other-key",
      secret: standIn.secret,
      host: standIn.host,
      port: String(standIn.port),
      useTLS: false,
    });
    expect(await statusOf(wrongKey.trigger("c", "e", {}))).toBe(401);

    const now = Math.floor(Date.now() / 1000);
    const stale = await signedFetch(standIn, { method: "POST", path: "/events", body, timestamp: now - 605 });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/^Timestamp expired/);
    const future = await signedFetch(standIn, { method: "POST", path: "/events", body, timestamp: now + 605 });
    expect(future.status).toBe(401);
    expect((await signedFetch(standIn, { method: "POST", path: "/events", body, timestamp: now - 590 })).status).toBe(
      200,
    );

    const badMd5 = await signedFetch(standIn, {
      method: "POST",
      path: "/events",
      body,
      bodyMd5: createHash("md5").update(`${body} `).digest("hex"),
    });
    expect(badMd5.status).toBe(401);
    expect(await badMd5.text()).toMatch(/body_md5/);

    const wrongVersion = await signedFetch(standIn, {
      method: "GET",
      path: "/channels",
      params: { auth_version: "2.0" },
    });
    expect(wrongVersion.status).toBe(401);
  });

  it("checks the timestamp against the server's clock (the SDK signs with its own)", async () => {
    let offsetMs = 0;
    const standIn = await start({ now: () => Date.now() + offsetMs });
    const server = serverSdk(standIn);
    offsetMs = 599_000;
    expect(await statusOf(server.get({ path: "/channels" }))).toBe(200);
    offsetMs = 602_000;
    expect(await statusOf(server.get({ path: "/channels" }))).toBe(401);
  });

  it("answers 413 for event data over 10 KB (per event, also in a batch) and accepts exactly 10 KB", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    expect(await statusOf(server.trigger("c", "e", "x".repeat(10 * 1024)))).toBe(200);
    expect(await statusOf(server.trigger("c", "e", "x".repeat(10 * 1024 + 1)))).toBe(413);
    expect(await statusOf(server.trigger("c", "e", "é".repeat(5 * 1024 + 1)))).toBe(413); // bytes, not characters
    expect(
      await statusOf(
        server.triggerBatch([
          { channel: "c", name: "e", data: "small" },
          { channel: "c", name: "e", data: "x".repeat(10 * 1024 + 1) },
        ]),
      ),
    ).toBe(413);
  });

  it("answers 400 for bad channel names, too many channels, too large batches, bad names and bad info", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const listener = await clientSdk(standIn, server);
    const channel = await subscribed(listener, "c");
    const got: unknown[] = [];
    channel.bind_global((event: string) => got.push(event));

    // The SDK lets 165-200 character names through; Pusher's limit is 164.
    expect(await statusOf(server.trigger("a".repeat(165), "e", {}))).toBe(400);
    expect(await statusOf(server.trigger("a".repeat(164), "e", {}))).toBe(200);
    const channels = ["c", ...Array.from({ length: 100 }, (_, i) => `c${i}`)];
    const tooMany = { name: "e", data: "{}", channels };
    expect(await statusOf(postEvents(server, tooMany))).toBe(400);
    const hundred = { name: "e", data: "{}", channels: channels.slice(0, 100) };
    expect(await statusOf(postEvents(server, hundred))).toBe(200);
    const badChars = { name: "e", data: "{}", channels: ["c", "bad channel"] };
    expect(await statusOf(postEvents(server, badChars))).toBe(400);
    const longEvent = { name: "e".repeat(201), data: "{}", channels: ["c"] };
    expect(await statusOf(postEvents(server, longEvent))).toBe(400);
    const badSocket = { name: "e", data: "{}", channels: ["c"], socket_id: "abc" };
    expect(await statusOf(postEvents(server, badSocket))).toBe(400);
    const noData = { name: "e", channels: ["c"] };
    expect(await statusOf(postEvents(server, noData))).toBe(400);

    const eleven = Array.from({ length: 11 }, () => ({ channel: "c", name: "batched", data: "{}" }));
    expect(await statusOf(server.triggerBatch(eleven))).toBe(400);
    expect(await statusOf(server.triggerBatch(eleven.slice(0, 10)))).toBe(200);
    const mixed = [
      { channel: "c", name: "batched", data: "{}" },
      { channel: "bad channel", name: "e", data: "{}" },
    ];
    expect(await statusOf(server.triggerBatch(mixed))).toBe(400);

    expect(await statusOf(server.get({ path: "/channels", params: { info: "user_count" } }))).toBe(400);
    expect(await statusOf(server.get({ path: "/channels/c", params: { info: "user_count" } }))).toBe(400);
    expect(await statusOf(server.get({ path: "/channels/c/users" }))).toBe(400);
    expect(await statusOf(server.get({ path: "/channels/bad%20name" }))).toBe(400);
    const invalidJson = await signedFetch(standIn, { method: "POST", path: "/events", body: "{not json" });
    expect(invalidJson.status).toBe(400);

    // A refused request publishes nothing: only the accepted events reached the listener on "c".
    await delay(100);
    expect(got.filter((event) => event === "e")).toHaveLength(1);
    expect(got.filter((event) => event === "batched")).toHaveLength(10);
  });

  it("answers 404 for an unknown app id and an unknown path", async () => {
    const standIn = await start();
    expect(await statusOf(serverSdk(standIn, { appId: "999" }).get({ path: "/channels" }))).toBe(404);
    expect(await statusOf(serverSdk(standIn).get({ path: "/nothing-here" }))).toBe(404);
    const malformed = await fetch(`${standIn.url}/apps/%E0%A4%A/channels`);
    expect(malformed.status).toBe(404);
    expect(await statusOf(serverSdk(standIn).get({ path: "/channels/%E0%A4%A" }))).toBe(400);
  });
});

describe("user authentication (signin)", () => {
  it("accepts a signin signed by authenticateUser and refuses a forged one with pusher:error 4009", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const client = await clientSdk(standIn, server, { user_id: "u-42" });
    client.signin();
    await client.user.signinDonePromise;
    expect(client.user.user_data).toEqual({ id: "u-42" });

    const { socket } = await RawSocket.connect(standIn);
    socket.send({
      event: "pusher:signin",
      data: { user_data: '{"id":"1"}', auth: `${standIn.key}:${"0".repeat(64)}` },
    });
    expect(await socket.nextError()).toEqual({ code: 4009, message: expect.stringMatching(/Invalid signature/) });
  });
});

describe("terminate user connections", () => {
  it("closes with 4009 every connection signed in as the user, and only those", async () => {
    const standIn = await start();
    const server = serverSdk(standIn);
    const [mine, alsoMine, someoneElse, anonymous] = await Promise.all([
      clientSdk(standIn, server, { user_id: "u-7" }),
      clientSdk(standIn, server, { user_id: "u-7" }),
      clientSdk(standIn, server, { user_id: "u-8" }),
      clientSdk(standIn, server),
    ]);
    for (const c of [mine, alsoMine, someoneElse]) {
      c.signin();
      await c.user.signinDonePromise;
    }
    const channel = await subscribed(mine, "private-shipment-9");
    const errors: unknown[] = [];
    mine.connection.bind("error", (e: unknown) => errors.push(e));

    await server.terminateUserConnections("u-7");
    await expect.poll(() => [mine.connection.state, alsoMine.connection.state]).not.toContain("connected");
    await expect.poll(() => standIn.connectionCount()).toBe(2);
    expect(JSON.stringify(errors)).toContain("4009");
    // Nothing published afterwards reaches the terminated connection; the others are untouched.
    let received = false;
    channel.bind("after", () => (received = true));
    await server.trigger("private-shipment-9", "after", {});
    await delay(200);
    expect(received).toBe(false);
    expect([someoneElse.connection.state, anonymous.connection.state]).toEqual(["connected", "connected"]);
  });

  it("refuses an unsigned terminate request and a GET", async () => {
    const standIn = await start();
    const res = await fetch(`${standIn.url}/apps/${standIn.appId}/users/u-7/terminate_connections`, { method: "POST" });
    expect(res.status).toBe(401);
    expect(await statusOf(serverSdk(standIn).get({ path: "/users/u-7/terminate_connections" }))).toBe(405);
  });
});

describe("lifecycle", () => {
  it("binds 127.0.0.1 on a free port, closes sockets with 4200 on shutdown and then refuses connections", async () => {
    const standIn = await startPusherStandIn({ port: 0 });
    expect(standIn.host).toBe("127.0.0.1");
    expect(standIn.port).toBeGreaterThan(0);
    const { socket } = await RawSocket.connect(standIn);
    await standIn.close();
    expect(await socket.closed).toEqual({ code: 4200, reason: "Server shutting down, reconnect immediately" });
    expect(standIn.connectionCount()).toBe(0);
    await expect(fetch(`${standIn.url}/apps/${standIn.appId}/channels`)).rejects.toThrow();
    await standIn.close(); // idempotent
  });

  it("pusher-js reconnects and resubscribes by itself when the stand-in restarts on the same port", async () => {
    const credentials = { appId: "1", key: "restart-key", secret: "restart-secret" };
    const first = await startPusherStandIn({ port: 0, ...credentials });
    const client = await clientSdk(first, serverSdk(first));
    const channel = await subscribed(client, "shipment-5");
    const states: string[] = [];
    client.connection.bind("state_change", ({ current }: { current: string }) => states.push(current));

    await first.close();
    const second = await start({ port: first.port, ...credentials });
    // pusher-js retries at once on 4200, finds nothing listening, goes "unavailable" and tries again ~15 s later.
    await expect.poll(() => second.connectionCount(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => (await serverSdk(second).get({ path: "/channels" })).json())
      .toEqual({
        channels: { "shipment-5": {} },
      });
    const received = nextEvent(channel, "status");
    await serverSdk(second).trigger("shipment-5", "status", { status: "DELIVERED" });
    expect((await received)[0]).toEqual({ status: "DELIVERED" });
    expect(states).toContain("connected");
  });

  it("restart(): closes every socket with 4200, refuses connections while down, then serves the same app again", async () => {
    const standIn = await start();
    const client = await clientSdk(standIn, serverSdk(standIn));
    const channel = await subscribed(client, "private-shipment-restart1");
    const firstSocketId = client.connection.socket_id;
    const { socket } = await RawSocket.connect(standIn);

    const restarted = standIn.restart(1_500);
    expect(await socket.closed).toEqual({ code: 4200, reason: "Server shutting down, reconnect immediately" });
    const refusedWhileDown = await fetch(`${standIn.url}/apps/${standIn.appId}/channels`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusedWhileDown).toBeInstanceOf(Error);
    await expect(standIn.restart(0)).rejects.toThrow(/already restarting/);
    await restarted;

    // The same port and credentials; pusher-js reconnects and re-authorises its private channel by itself (after its
    // own back-off: it waits out a 15 s attempt timeout once the first retry was refused).
    await expect
      .poll(() => client.connection.state === "connected" && channel.subscribed, { timeout: 40_000, interval: 250 })
      .toBe(true);
    expect(client.connection.socket_id).not.toBe(firstSocketId);
    const received = nextEvent(channel, "status");
    await serverSdk(standIn).trigger("private-shipment-restart1", "status", { version: 2 });
    expect((await received)[0]).toEqual({ version: 2 });
  }, 60_000);

  it("POST /__control/restart?downMs= restarts from another process; bad requests are refused", async () => {
    const standIn = await start();
    const { socket } = await RawSocket.connect(standIn);
    const control = (query: string, method = "POST") => fetch(`${standIn.url}/__control/restart${query}`, { method });

    for (const query of ["?downMs=abc", "?downMs=-1", "?downMs=1.5", "?downMs=60001"]) {
      expect((await control(query)).status).toBe(400);
    }
    expect((await control("?downMs=10", "GET")).status).toBe(405);
    expect((await fetch(`${standIn.url}/__control/other`, { method: "POST" })).status).toBe(404);
    expect(standIn.connectionCount()).toBe(1);

    const res = await control("?downMs=300");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ down: true, downMs: 300 });
    // Answered only once every socket is closed.
    expect(standIn.connectionCount()).toBe(0);
    expect(await socket.closed).toEqual({ code: 4200, reason: "Server shutting down, reconnect immediately" });
    await expect
      .poll(
        () =>
          fetch(`${standIn.url}/apps/${standIn.appId}/channels`).then(
            (r) => r.status,
            () => "refused",
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe(401);
    const again = await RawSocket.connect(standIn);
    expect(again.socketId).toMatch(/^\d+\.\d+$/);
  });

  it("the control endpoint can be switched off; close() during an outage ends it for good", async () => {
    const off = await start({ controlEndpoint: false });
    expect((await fetch(`${off.url}/__control/restart`, { method: "POST" })).status).toBe(404);

    const standIn = await startPusherStandIn({ port: 0 });
    const restarted = standIn.restart(30_000);
    await expect
      .poll(() =>
        fetch(standIn.url).then(
          () => "up",
          () => "down",
        ),
      )
      .toBe("down");
    await standIn.close();
    await restarted;
    await expect(fetch(standIn.url)).rejects.toThrow();
  });
});
