// Sends the ping outbox (ping-queue.ts) to `POST /api/tracking/pings` in recorded order: every 5 s, or at once when
// 10 pings wait, at most 100 per request. It deletes exactly the pings the server answered for and keeps the rest;
// while requests fail it waits longer each time (with jitter, so a fleet coming out of one outage does not return
// in step) and starts again at once when the browser says it is back (`wake`). One flush at a time per tab, and per
// origin with the Web Locks API where the browser has it. No DOM here: the hook (use-location-sharing.ts) wires
// the browser's events, so the unit tests drive it with fake-indexeddb, a fake fetch and a fake clock.
import { TRPC_CLIENT_HEADER } from "~/lib/csrf";
import { PING_BATCH_MAX, PING_MAX_AGE_MS, type TPingInput, type TPingResult } from "~/lib/schemas/tracking";

import type { TPingQueue } from "./ping-queue";

export const PINGS_ENDPOINT = "/api/tracking/pings";
/** Value of the `x-trpc-source` header: the route refuses a state-changing request without it (src/lib/csrf.ts). */
export const DRIVER_APP_SOURCE = "driver-app";
/** A batch leaves at the latest this long after its first ping was queued (DESIGN.md "Driver tracking"). */
export const FLUSH_INTERVAL_MS = 5_000;
/** …or as soon as this many pings wait. */
export const FLUSH_AT_PENDING = 10;
/** First wait after a failed request; doubles on each further failure up to BACKOFF_MAX_MS. */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 2 * 60_000;
/** A `Retry-After` longer than this is read as this (a misconfigured proxy must not silence a phone for days). */
const RETRY_AFTER_MAX_MS = 15 * 60_000;
/**
 * Browsers cap the bodies of all in-flight `keepalive` requests of a page at 64 KiB together (Fetch standard,
 * "keepalive"); a `pagehide` batch stays under this, leaving room for anything else the page sends as it goes.
 */
export const KEEPALIVE_BODY_MAX_BYTES = 60_000;
const LOCK_NAME = "trial-transport-ping-flush";

/**
 * Why the last request did not go through. "offline": no network (fetch failed); "signed-out": 401, the session
 * ended ("Sign in again to keep sharing"); "rate-limited": 429; "server": a 5xx or an unreadable answer (a
 * `Retry-After` on either is obeyed);
 * "refused": any other 4xx (the request as a whole was refused: kept, and retried after the back-off).
 */
export type TSendProblem = "offline" | "signed-out" | "rate-limited" | "server" | "refused";

/** What the page shows. Times are epoch milliseconds. */
export type TSenderState = {
  /** Pings waiting in the outbox (this tab's last count). */
  pending: number;
  /** When the server last answered a batch (this tab), or null. */
  lastSentAt: number | null;
  /** Why the last attempt failed, or null when it succeeded (or none was made yet). */
  problem: TSendProblem | null;
  /** When the next attempt is due after a failure, or null. */
  retryAt: number | null;
};

export type TFlushOutcome =
  /** Nothing waited, or another tab is flushing the same outbox right now. */
  | { kind: "idle" }
  | { kind: "sent"; removed: number; rejected: number; remaining: number }
  | { kind: "failed"; problem: TSendProblem; retryInMs: number };

/** The part of the Web Locks API used here (`navigator.locks`). */
export type TLockManager = {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
};

export type TPingSenderOptions = {
  queue: TPingQueue;
  /** The browser's fetch (or a fake). Called with PINGS_ENDPOINT and a JSON body `{ pings }`. */
  fetch: typeof fetch;
  /** `navigator.locks` when the browser has it; null otherwise (then only this tab is serialised). */
  locks?: TLockManager | null;
  /** Epoch ms. Defaults to Date.now. */
  now?: () => number;
  /** In [0, 1). Defaults to Math.random; the jitter of the back-off. */
  random?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Where refused pings are reported, once each. Defaults to console.warn. */
  warn?: (message: string, detail: unknown) => void;
};

/**
 * Wait before the next attempt after `failures` consecutive failures (1, 2, …), in ms: BACKOFF_BASE_MS doubled per
 * failure, capped at BACKOFF_MAX_MS, then "equal jitter" (half fixed, half random: AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015) so that phones failing together do not retry together. With a server's
 * `Retry-After` (ms), never earlier than it asks, plus up to 1 s of jitter.
 */
export function backoffDelayMs(failures: number, random: number, retryAfterMs: number | null = null): number {
  if (retryAfterMs !== null) return retryAfterMs + Math.floor(random * 1_000);
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.floor(ceiling / 2 + (random * ceiling) / 2);
}

/**
 * A `Retry-After` header (RFC 9110 §10.2.3: delay-seconds or an HTTP date) in ms from `now` (epoch ms), clamped to
 * [0, 15 min]; null when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1_000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, ms));
}

function isResults(value: unknown): value is { results: TPingResult[] } {
  if (typeof value !== "object" || value === null || !("results" in value)) return false;
  const { results } = value;
  return (
    Array.isArray(results) &&
    results.every(
      (r: unknown) =>
        typeof r === "object" &&
        r !== null &&
        "recordedAt" in r &&
        typeof r.recordedAt === "number" &&
        "status" in r &&
        (r.status === "stored" || r.status === "duplicate" || r.status === "rejected"),
    )
  );
}

/** The oldest pings of `head` whose JSON body stays under KEEPALIVE_BODY_MAX_BYTES (at least none, at most 100). */
function keepaliveBatch(head: readonly TPingInput[]): { pings: TPingInput[]; body: string } | null {
  let pings = head.slice(0, PING_BATCH_MAX);
  let body = JSON.stringify({ pings });
  while (pings.length > 0 && new TextEncoder().encode(body).length > KEEPALIVE_BODY_MAX_BYTES) {
    pings = pings.slice(0, Math.floor(pings.length / 2));
    body = JSON.stringify({ pings });
  }
  return pings.length > 0 ? { pings, body } : null;
}

/**
 * The outbox's sender for one tab. Call `start()` once (sends what an earlier session left), `enqueue(ping)` for
 * each fix, `wake()` when the browser comes back online or the tab becomes visible, `flushOnPageHide()` from
 * `pagehide`. Read the state with `getState()`/`subscribe()` (useSyncExternalStore). No method throws: storage and
 * network errors become `problem` and a later retry.
 */
export class PingSender {
  private readonly queue: TPingQueue;
  private readonly fetchImpl: typeof fetch;
  private readonly locks: TLockManager | null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly warn: (message: string, detail: unknown) => void;

  private state: TSenderState = { pending: 0, lastSentAt: null, problem: null, retryAt: null };
  private readonly listeners = new Set<() => void>();
  /** The oldest queued pings as last read: what `pagehide` can send without waiting for IndexedDB. */
  private head: TPingInput[] = [];
  private failures = 0;
  private timer: unknown = null;
  private inflight: Promise<TFlushOutcome> | null = null;
  private stopped = false;

  constructor(opts: TPingSenderOptions) {
    this.queue = opts.queue;
    this.fetchImpl = opts.fetch;
    this.locks = opts.locks ?? null;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.setTimer = opts.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = opts.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.warn = opts.warn ?? ((message, detail) => console.warn(message, detail));
  }

  /** The current state (a new object on every change). */
  getState = (): TSenderState => this.state;

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Drops pings older than the server accepts (PING_MAX_AGE_MS: they would only be refused) and sends whatever an
   * earlier session left in the outbox, whether or not its job is still active (the server refuses what no longer
   * applies, and those are deleted too).
   */
  async start(): Promise<TFlushOutcome> {
    try {
      await this.queue.removeOlderThan(this.now() - PING_MAX_AGE_MS);
    } catch {
      // Storage trouble is retried by the flush below and shows there.
    }
    return this.flush();
  }

  /** Stops the timers; a request in flight finishes. For tests and a page that tears the sender down. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  /**
   * Queues `ping` (persisted before this resolves), then sends at once if FLUSH_AT_PENDING pings wait and no
   * back-off is running, else within FLUSH_INTERVAL_MS. Rejects only when IndexedDB refuses the write.
   */
  async enqueue(ping: TPingInput): Promise<void> {
    await this.queue.add(ping);
    await this.refresh();
    if (this.stopped || this.failures > 0) return;
    if (this.state.pending >= FLUSH_AT_PENDING) void this.flush();
    else if (this.timer === null) this.arm(FLUSH_INTERVAL_MS);
  }

  /** The network or the tab is back: forget the back-off and send now. */
  wake(): Promise<TFlushOutcome> {
    this.failures = 0;
    return this.flush();
  }

  /**
   * Sends everything that waits, oldest first, in batches of up to PING_BATCH_MAX; stops at the first failed
   * request. Only one flush runs per tab (a second call shares the first's promise) and, with Web Locks, per origin
   * (another tab flushing makes this one `idle`: it tries again after FLUSH_INTERVAL_MS).
   */
  flush(): Promise<TFlushOutcome> {
    if (this.inflight) return this.inflight;
    this.cancelTimer();
    const run = this.locks
      ? this.locks.request(LOCK_NAME, { ifAvailable: true }, (lock) =>
          lock ? this.drain() : Promise.resolve<TFlushOutcome>({ kind: "idle" }),
        )
      : this.drain();
    this.inflight = run
      .catch((): TFlushOutcome => ({ kind: "failed", problem: "server", retryInMs: this.fail(null) }))
      .finally(() => {
        this.inflight = null;
      });
    void this.inflight.then((outcome) => this.after(outcome));
    return this.inflight;
  }

  /**
   * From `pagehide`: sends the oldest waiting pings (as last read, under the keepalive body cap) with
   * `fetch(…, { keepalive: true })`, which the browser completes after the page is gone. Synchronous, as a
   * `pagehide` handler must be. If the page survives (back-forward cache) the answer is applied as usual; if not,
   * the pings stay queued and are sent again next time (the server answers `duplicate`).
   */
  flushOnPageHide(): void {
    const batch = keepaliveBatch(this.head);
    if (!batch) return;
    void this.post(batch.pings, batch.body, true)
      .then(() => this.refresh())
      .catch(() => undefined);
  }

  // ─── Internals ──────────────────────────────────────────────────────────────

  private async drain(): Promise<TFlushOutcome> {
    let removed = 0;
    let rejected = 0;
    for (;;) {
      const batch = await this.queue.peek(PING_BATCH_MAX);
      if (batch.length === 0) break;
      const result = await this.post(batch, JSON.stringify({ pings: batch }), false);
      if (result.kind === "failed") {
        await this.refresh();
        return result;
      }
      removed += result.removed;
      rejected += result.rejected;
      // An answer that matched none of the batch would loop for ever: leave the rest for the next flush.
      if (result.removed === 0) break;
    }
    await this.refresh();
    if (removed === 0 && rejected === 0 && this.state.pending === 0) return { kind: "idle" };
    return { kind: "sent", removed, rejected, remaining: this.state.pending };
  }

  /** One request. Deletes exactly the pings of `pings` that the answer names; failures leave the outbox as it was. */
  private async post(
    pings: readonly TPingInput[],
    body: string,
    keepalive: boolean,
  ): Promise<{ kind: "sent"; removed: number; rejected: number } | Extract<TFlushOutcome, { kind: "failed" }>> {
    let response: Response;
    try {
      response = await this.fetchImpl(PINGS_ENDPOINT, {
        method: "POST",
        headers: { "content-type": "application/json", [TRPC_CLIENT_HEADER]: DRIVER_APP_SOURCE },
        credentials: "same-origin",
        body,
        keepalive,
      });
    } catch {
      return this.failed("offline", null);
    }
    if (response.status === 401) return this.failed("signed-out", null);
    // The route sends Retry-After with a 429 and with a 503 (database trouble); never retry before it.
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.now());
    if (response.status === 429) return this.failed("rate-limited", retryAfter);
    if (response.status >= 500) return this.failed("server", retryAfter);
    if (!response.ok) return this.failed("refused", null);

    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      return this.failed("server", null);
    }
    if (!isResults(answer)) return this.failed("server", null);

    const sent = new Set(pings.map((p) => p.recordedAt));
    const answered = answer.results.filter((r) => sent.has(r.recordedAt));
    const refused = answered.filter((r) => r.status === "rejected");
    if (refused.length > 0) {
      this.warn(
        `Location sharing: the server refused ${refused.length} position(s); they are not sent again.`,
        refused,
      );
    }
    await this.queue.remove(answered.map((r) => r.recordedAt));
    this.failures = 0;
    this.setState({ lastSentAt: this.now(), problem: null, retryAt: null });
    return { kind: "sent", removed: answered.length, rejected: refused.length };
  }

  private failed(problem: TSendProblem, retryAfterMs: number | null): Extract<TFlushOutcome, { kind: "failed" }> {
    return { kind: "failed", problem, retryInMs: this.fail(retryAfterMs, problem) };
  }

  /** Counts a failure and returns the wait before the next attempt. */
  private fail(retryAfterMs: number | null, problem: TSendProblem = "server"): number {
    this.failures += 1;
    const delay = backoffDelayMs(this.failures, this.random(), retryAfterMs);
    this.setState({ problem, retryAt: this.now() + delay });
    return delay;
  }

  private after(outcome: TFlushOutcome): void {
    if (this.stopped) return;
    if (outcome.kind === "failed") this.arm(outcome.retryInMs);
    else if (this.state.pending > 0) this.arm(FLUSH_INTERVAL_MS);
  }

  private arm(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    try {
      const [pending, head] = await Promise.all([this.queue.count(), this.queue.peek(PING_BATCH_MAX)]);
      this.head = head;
      this.setState({ pending });
    } catch {
      // Keep the last known count; the next flush retries the read.
    }
  }

  private setState(patch: Partial<TSenderState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
