import "fake-indexeddb/auto";

import { randomUUID } from "node:crypto";

import { describe, expect, it, vi } from "vitest";

import { PING_MAX_AGE_MS, type TPingInput, type TPingResult } from "~/lib/schemas/tracking";

import { openPingQueue, type TPingQueue } from "./ping-queue";
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffDelayMs,
  FLUSH_AT_PENDING,
  FLUSH_INTERVAL_MS,
  KEEPALIVE_BODY_MAX_BYTES,
  parseRetryAfter,
  PINGS_ENDPOINT,
  PingSender,
  type TLockManager,
} from "./ping-sender";

const SHIPMENT = "cmshipment000000000000001";
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

function ping(second: number): TPingInput {
  return { shipmentId: SHIPMENT, lat: 41.8 + second / 10_000, lng: -87.6, recordedAt: T0 + second * 1_000 };
}

type TRequest = { url: string; pings: TPingInput[]; headers: Headers; keepalive: boolean };
type TAnswer = (pings: TPingInput[]) => Response | Promise<Response>;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** The server as the contract describes it when all is well: every ping stored. */
const storeAll: TAnswer = (pings) =>
  json({ results: pings.map((p): TPingResult => ({ recordedAt: p.recordedAt, status: "stored" })) });

type TTimer = { ms: number; callback: () => void; cleared: boolean };

/** A sender on a fresh IndexedDB outbox (or `queue`), a scripted server, a fixed clock and recorded timers. */
async function setUp(opts: { queue?: TPingQueue; locks?: TLockManager; random?: number } = {}) {
  const queue = opts.queue ?? (await openPingQueue(`pings-${randomUUID()}`));
  const requests: TRequest[] = [];
  const timers: TTimer[] = [];
  const warnings: unknown[][] = [];
  const server = { answer: storeAll };
  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { pings: TPingInput[] };
    requests.push({
      url: String(input),
      pings: body.pings,
      headers: new Headers(init?.headers),
      keepalive: init?.keepalive === true,
    });
    return server.answer(body.pings);
  };
  const sender = new PingSender({
    queue,
    fetch: fakeFetch as typeof fetch,
    locks: opts.locks ?? null,
    now: () => T0 + 60_000,
    random: () => opts.random ?? 0.5,
    setTimer: (callback, ms) => {
      const timer: TTimer = { ms, callback, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as TTimer).cleared = true;
    },
    warn: (...args) => warnings.push(args),
  });
  const queued = async () => (await queue.peek(10_000)).map((p) => p.recordedAt);
  const armed = () => timers.filter((t) => !t.cleared).map((t) => t.ms);
  return { queue, sender, server, requests, timers, warnings, queued, armed };
}

async function fill(queue: TPingQueue, seconds: number[]) {
  for (const s of seconds) await queue.add(ping(s));
}

describe("PingSender: what leaves the outbox", () => {
  it("deletes exactly the pings the server answered for, and keeps the others", async () => {
    const t = await setUp();
    await fill(t.queue, [1, 2, 3, 4, 5]);
    t.server.answer = () =>
      json({
        results: [
          { recordedAt: T0 + 1_000, status: "stored" },
          { recordedAt: T0 + 3_000, status: "duplicate" },
          { recordedAt: T0 + 5_000, status: "stored" },
          // Not in this batch: must not delete anything.
          { recordedAt: T0 + 9_000, status: "stored" },
        ],
      });
    const outcome = await t.sender.flush();
    expect(outcome).toEqual({ kind: "sent", removed: 3, rejected: 0, remaining: 2 });
    expect(await t.queued()).toEqual([T0 + 2_000, T0 + 4_000]);
    expect(t.sender.getState()).toMatchObject({ pending: 2, problem: null, lastSentAt: T0 + 60_000 });
  });

  it("drops rejected pings and reports them once", async () => {
    const t = await setUp();
    await fill(t.queue, [1, 2]);
    t.server.answer = () =>
      json({
        results: [
          { recordedAt: T0 + 1_000, status: "stored" },
          { recordedAt: T0 + 2_000, status: "rejected", field: "shipmentId", message: "This job is not active." },
        ],
      });
    expect(await t.sender.flush()).toEqual({ kind: "sent", removed: 2, rejected: 1, remaining: 0 });
    expect(await t.queued()).toEqual([]);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]?.[1]).toEqual([
      { recordedAt: T0 + 2_000, status: "rejected", field: "shipmentId", message: "This job is not active." },
    ]);
    await t.sender.flush();
    expect(t.warnings).toHaveLength(1);
  });

  it("sends at most 100 per request, oldest first, until the outbox is empty", async () => {
    const t = await setUp();
    const seconds = Array.from({ length: 250 }, (_, i) => 250 - i);
    await fill(t.queue, seconds);
    expect(await t.sender.flush()).toEqual({ kind: "sent", removed: 250, rejected: 0, remaining: 0 });
    expect(t.requests.map((r) => r.pings.length)).toEqual([100, 100, 50]);
    const sentOrder = t.requests.flatMap((r) => r.pings.map((p) => p.recordedAt));
    expect(sentOrder).toEqual([...seconds].sort((a, b) => a - b).map((s) => T0 + s * 1_000));
    expect(await t.queued()).toEqual([]);
  });

  it("posts JSON to the ingest route with the driver app's x-trpc-source header", async () => {
    const t = await setUp();
    await fill(t.queue, [1]);
    await t.sender.flush();
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]?.url).toBe(PINGS_ENDPOINT);
    expect(t.requests[0]?.headers.get("x-trpc-source")).toBe("driver-app");
    expect(t.requests[0]?.headers.get("content-type")).toBe("application/json");
    expect(t.requests[0]?.pings).toEqual([ping(1)]);
  });

  it("sends what an earlier page left (a new queue on the same database), in order, on start", async () => {
    const name = `pings-${randomUUID()}`;
    const earlier = await openPingQueue(name);
    await fill(earlier, [3, 1, 2]);
    earlier.close();
    const t = await setUp({ queue: await openPingQueue(name) });
    expect(await t.sender.start()).toEqual({ kind: "sent", removed: 3, rejected: 0, remaining: 0 });
    expect(t.requests[0]?.pings.map((p) => p.recordedAt)).toEqual([1, 2, 3].map((s) => T0 + s * 1_000));
  });

  it("on start, drops pings older than the server accepts instead of sending them", async () => {
    const t = await setUp();
    const now = T0 + 60_000;
    await t.queue.add({ ...ping(0), recordedAt: now - PING_MAX_AGE_MS - 1 });
    await fill(t.queue, [1]);
    await t.sender.start();
    expect(t.requests.flatMap((r) => r.pings.map((p) => p.recordedAt))).toEqual([T0 + 1_000]);
  });
});

describe("PingSender: failures keep everything", () => {
  const failures: [string, () => Response | Promise<Response>, string][] = [
    ["a network error", () => Promise.reject(new TypeError("Failed to fetch")), "offline"],
    ["a 500", () => json({ error: "boom" }, 500), "server"],
    ["a 503", () => new Response("unavailable", { status: 503 }), "server"],
    ["a 429", () => json({ error: "slow down" }, 429, { "retry-after": "30" }), "rate-limited"],
    ["a 401", () => json({ error: "Sign in" }, 401), "signed-out"],
    ["a 200 that is not the contract's answer", () => new Response("<html>", { status: 200 }), "server"],
  ];
  it.each(failures)("keeps every ping on %s", async (_name, answer, problem) => {
    const t = await setUp();
    await fill(t.queue, [1, 2, 3]);
    t.server.answer = answer;
    const outcome = await t.sender.flush();
    expect(outcome).toMatchObject({ kind: "failed", problem });
    expect(await t.queued()).toEqual([1, 2, 3].map((s) => T0 + s * 1_000));
    expect(t.sender.getState()).toMatchObject({ pending: 3, problem, lastSentAt: null });
    expect(t.requests).toHaveLength(1);
  });

  it("waits as long as Retry-After asks on a 429", async () => {
    const t = await setUp({ random: 0 });
    await fill(t.queue, [1]);
    t.server.answer = () => json({}, 429, { "retry-after": "30" });
    expect(await t.sender.flush()).toEqual({ kind: "failed", problem: "rate-limited", retryInMs: 30_000 });
    expect(t.armed()).toEqual([30_000]);
  });

  it("obeys Retry-After on a 503 as well", async () => {
    const t = await setUp({ random: 0 });
    await fill(t.queue, [1]);
    t.server.answer = () => json({ error: "Positions could not be saved just now." }, 503, { "retry-after": "5" });
    expect(await t.sender.flush()).toEqual({ kind: "failed", problem: "server", retryInMs: 5_000 });
  });

  it("backs off longer after each failure, retries when the timer fires, and starts over on wake", async () => {
    const t = await setUp({ random: 0.999 });
    await fill(t.queue, [1]);
    t.server.answer = () => Promise.reject(new TypeError("Failed to fetch"));
    const waits: number[] = [];
    await t.sender.flush();
    for (let i = 0; i < 6; i++) {
      const [wait] = t.armed();
      waits.push(wait ?? -1);
      const timer = t.timers.find((x) => !x.cleared);
      timer!.cleared = true;
      timer!.callback();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(t.requests).toHaveLength(7);
    expect(waits.slice(0, 5)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000].map((c) => Math.floor(c * 0.9995)));
    expect(waits[5]).toBe(Math.floor(BACKOFF_MAX_MS * 0.9995));

    // Back online: the back-off is forgotten and the batch goes at once.
    t.server.answer = storeAll;
    expect(await t.sender.wake()).toMatchObject({ kind: "sent", removed: 1 });
    expect(await t.queued()).toEqual([]);
    expect(t.sender.getState().problem).toBeNull();
  });

  it("does not send early while backing off, even with many pings waiting", async () => {
    const t = await setUp();
    await fill(t.queue, [1]);
    t.server.answer = () => json({}, 500);
    await t.sender.flush();
    for (let s = 2; s <= FLUSH_AT_PENDING + 5; s++) await t.sender.enqueue(ping(s));
    expect(t.requests).toHaveLength(1);
  });
});

describe("backoffDelayMs and parseRetryAfter", () => {
  it("doubles from the base up to the cap, with half of each wait random", () => {
    expect(backoffDelayMs(1, 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffDelayMs(1, 0.999_999)).toBeLessThan(BACKOFF_BASE_MS);
    expect(backoffDelayMs(3, 0)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffDelayMs(30, 0)).toBe(BACKOFF_MAX_MS / 2);
    expect(backoffDelayMs(30, 0.5)).not.toBe(backoffDelayMs(30, 0.25));
    expect(backoffDelayMs(2, 0, 7_000)).toBe(7_000);
  });

  it("reads seconds and HTTP dates, and nothing else", () => {
    expect(parseRetryAfter("12", T0)).toBe(12_000);
    expect(parseRetryAfter(new Date(T0 + 90_000).toUTCString(), T0)).toBe(90_000);
    expect(parseRetryAfter("999999", T0)).toBe(15 * 60_000);
    expect(parseRetryAfter("soon", T0)).toBeNull();
    expect(parseRetryAfter(null, T0)).toBeNull();
  });
});

describe("PingSender: batching", () => {
  it("waits up to 5 s for a batch, and sends at once when 10 pings wait", async () => {
    const t = await setUp();
    for (let s = 1; s < FLUSH_AT_PENDING; s++) await t.sender.enqueue(ping(s));
    expect(t.requests).toHaveLength(0);
    expect(t.armed()).toEqual([FLUSH_INTERVAL_MS]);
    expect(t.sender.getState().pending).toBe(FLUSH_AT_PENDING - 1);

    await t.sender.enqueue(ping(FLUSH_AT_PENDING));
    // The 10th ping started a flush on its own: the 5 s wait is cancelled and the request goes out.
    expect(t.armed()).toEqual([]);
    await vi.waitFor(() => expect(t.requests).toHaveLength(1));
    await t.sender.flush();
    expect(t.requests[0]?.pings).toHaveLength(FLUSH_AT_PENDING);
    expect(t.sender.getState().pending).toBe(0);
  });

  it("sends a lone ping when the 5 s timer fires", async () => {
    const t = await setUp();
    await t.sender.enqueue(ping(1));
    t.timers.find((x) => !x.cleared)!.callback();
    await t.sender.flush();
    expect(t.requests.map((r) => r.pings.length)).toEqual([1]);
    expect(await t.queued()).toEqual([]);
  });

  it("runs one flush at a time in a tab", async () => {
    const t = await setUp();
    await fill(t.queue, [1, 2]);
    const [a, b] = await Promise.all([t.sender.flush(), t.sender.flush()]);
    expect(a).toEqual(b);
    expect(t.requests).toHaveLength(1);
  });

  it("with Web Locks, a second tab does not send while the first is flushing", async () => {
    const held = new Set<string>();
    const locks: TLockManager = {
      async request(name, _options, callback) {
        if (held.has(name)) return callback(null);
        held.add(name);
        try {
          return await callback({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    const name = `pings-${randomUUID()}`;
    const first = await setUp({ queue: await openPingQueue(name), locks });
    const second = await setUp({ queue: await openPingQueue(name), locks });
    await fill(first.queue, [1, 2, 3]);

    let release = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    first.server.answer = async (pings) => {
      await answered;
      return storeAll(pings);
    };
    const firstFlush = first.sender.flush();
    while (first.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await second.sender.flush()).toEqual({ kind: "idle" });
    release();
    expect(await firstFlush).toMatchObject({ kind: "sent", removed: 3 });
    expect(second.requests).toHaveLength(0);
    expect(await second.queued()).toEqual([]);
  });
});

describe("PingSender: pagehide", () => {
  it("sends the oldest waiting pings with keepalive, under the keepalive body cap", async () => {
    const t = await setUp();
    t.server.answer = () => Promise.reject(new TypeError("Failed to fetch"));
    for (let s = 1; s <= 150; s++) await t.sender.enqueue(ping(s));
    t.server.answer = storeAll;
    t.sender.flushOnPageHide();
    expect(t.requests.at(-1)?.keepalive).toBe(true);
    const sent = t.requests.at(-1)?.pings ?? [];
    expect(sent.map((p) => p.recordedAt)).toEqual(Array.from({ length: 100 }, (_, i) => T0 + (i + 1) * 1_000));
    expect(new TextEncoder().encode(JSON.stringify({ pings: sent })).length).toBeLessThanOrEqual(
      KEEPALIVE_BODY_MAX_BYTES,
    );
  });

  it("halves the batch until the body fits", async () => {
    const t = await setUp();
    t.server.answer = () => Promise.reject(new TypeError("Failed to fetch"));
    // Valid pings stay far below the cap (about 250 bytes each); padded ones make a 100-ping body of ~80 KB.
    const big = "c".repeat(700);
    for (let s = 1; s <= 100; s++) {
      await t.sender.enqueue({ ...ping(s), shipmentId: big, lat: 41.12345678901234, lng: -87.12345678901234 });
    }
    t.requests.length = 0;
    t.sender.flushOnPageHide();
    const sent = t.requests[0]?.pings ?? [];
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(100);
    expect(new TextEncoder().encode(JSON.stringify({ pings: sent })).length).toBeLessThanOrEqual(
      KEEPALIVE_BODY_MAX_BYTES,
    );
  });
});
