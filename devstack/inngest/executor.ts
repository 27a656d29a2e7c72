// The executor proper: keeps the registered functions, turns accepted events into runs and drives each run through
// the app's serve endpoint one call request at a time (SDK_SPEC 4.4, 5), memoising step results, scheduling sleeps,
// waits, retries and crons, and journalling every change (journal.ts) so a restart resumes where it stopped.
import { createHash } from "node:crypto";

import { Cron } from "croner";
import { ulid } from "ulid";

import { checkExpression, expressionKey, expressionMatches } from "./expressions";
import {
  emptyState,
  loadJournal,
  saveJournal,
  type App,
  type Job,
  type JournalState,
  type Run,
  type RunLogEntry,
} from "./journal";
import {
  canonicalJson,
  DEFAULT_RETRIES,
  EVENT_DEDUP_MS,
  eventNameMatches,
  InternalEvents,
  parseTimeString,
  resolveWakeTime,
  signBody,
  toSerializedError,
  type CronTrigger,
  type EventTrigger,
  type FunctionConfig,
  type InngestEvent,
  type Op,
  type SerializedError,
  type SyncPayload,
} from "./protocol";

export type ExecutorOptions = {
  /** When set, call requests are signed with it and the SDK-facing API requires it as a bearer token. */
  signingKey?: string;
  /** JSON file the state is journalled to; none keeps state in memory only. */
  journalFile?: string;
  /** Clock in ms since the epoch (tests). */
  now?: () => number;
  /** First retry delay in ms, doubled per attempt up to RETRY_CAP_MS (Inngest backs off from seconds to hours). */
  retryBaseMs?: number;
  /** Where progress lines go (stderr by default). */
  log?: (line: string) => void;
  /** `false`: crons fire only on demand (fireCron), never on their schedule, so tests decide when. Default true. */
  scheduleCrons?: boolean;
};

/** A step call that takes longer than this is abandoned and retried like a network failure. */
const CALL_TIMEOUT_MS = 120_000;
const RETRY_CAP_MS = 60_000;
/** How often a run blocked by a concurrency limit looks again for a free slot. */
const CONCURRENCY_POLL_MS = 25;
/** Finished runs kept in the log (and the journal). */
const KEEP_FINISHED_RUNS = 500;
const KEEP_LOG_ENTRIES = 200;

/** Options a function may declare that this executor does not implement: a sync naming one is refused. */
const UNSUPPORTED_OPTIONS = ["batchEvents", "rateLimit", "debounce", "priority", "singleton", "timeouts"] as const;
/** Step operations this executor does not implement; a run reporting one gets the step failed with this reason. */
const UNSUPPORTED_OPS: Record<string, string> = {
  InvokeFunction: "step.invoke",
  AIGateway: "step.ai.infer",
  Gateway: "step.fetch",
  WaitForSignal: "step.waitForSignal",
};

type FnRef = { app: App; fn: FunctionConfig };
export type SyncResult = { url: string; ok: boolean; status: number; message: string };

/** Splits an Inngest cron (`TZ=Europe/Paris 0 9 * * *`, `CRON_TZ=…` also accepted) into zone and pattern. */
export function parseCron(spec: string): { timezone?: string; pattern: string } {
  const m = /^(?:CRON_)?TZ=(\S+)\s+(.+)$/.exec(spec.trim());
  return m ? { timezone: m[1], pattern: (m[2] ?? "").trim() } : { pattern: spec.trim() };
}

/** The next time (ms) a cron fires after `fromMs`, in its time zone; throws for an invalid pattern or zone. */
export function nextCronTime(spec: string, fromMs: number): number | null {
  const { timezone, pattern } = parseCron(spec);
  const cron = new Cron(pattern, { timezone, paused: true });
  const next = cron.nextRun(new Date(fromMs));
  cron.stop();
  return next ? next.getTime() : null;
}

function isEventTrigger(t: EventTrigger | CronTrigger): t is EventTrigger {
  return typeof (t as EventTrigger).event === "string";
}

/** Deterministic ULID for the `index`th event of a send carrying `X-Inngest-Event-Id-Seed`, so a retried send dedupes. */
export function seededEventId(seed: string, index: number): string | null {
  const [ms] = seed.split(",");
  const time = Number(ms);
  if (!Number.isFinite(time) || time <= 0) return null;
  const digest = createHash("sha256").update(`${seed}:${index}`).digest();
  let i = 0;
  return ulid(time, () => (digest[i++ % digest.length] ?? 0) / 256);
}

export class Executor {
  private state: JournalState;
  private readonly now: () => number;
  private readonly retryBaseMs: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private readonly cronTimers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  /** Calls in progress per concurrency key. */
  private readonly running = new Map<string, number>();
  private readonly discovering = new Set<string>();
  /**
   * Runs whose next "step" call was asked for while one was in flight, with the earliest time it was asked for (a
   * retry's back-off is kept: queueing it "now" let a short outage of the app use up every attempt at once).
   */
  private readonly rediscover = new Map<string, number>();
  private closed = false;
  private saveQueued = false;

  constructor(private readonly opts: ExecutorOptions) {
    this.now = opts.now ?? Date.now;
    this.retryBaseMs = opts.retryBaseMs ?? 1000;
    this.log = opts.log ?? ((line) => process.stderr.write(`inngest: ${line}\n`));
    this.state = opts.journalFile ? loadJournal(opts.journalFile) : emptyState();
  }

  /** Re-arms what the journal holds: queued jobs, crons. Runs whose call was cut off by a stop are called again. */
  resume(): void {
    const active = this.activeRuns();
    for (const run of active) {
      // A step whose call was cut off has no job left: forget it is pending so the next discovery plans it again.
      const jobs = this.state.jobs.filter((j) => j.runId === run.id);
      for (const stepId of Object.keys(run.pending)) {
        const held = jobs.some((j) => (j.kind === "call" ? j.target === stepId : j.stepId === stepId));
        if (!held) delete run.pending[stepId];
      }
      this.enqueueCall(run, "step", this.now());
    }
    for (const app of Object.values(this.state.apps)) this.armCrons(app);
    this.arm();
    if (active.length > 0) this.log(`resumed ${active.length} pending run(s) from the journal`);
  }

  // ─── Sync ──────────────────────────────────────────────────────────────────

  /** Validates and stores a sync payload (SDK_SPEC 4.3.2). Returns the reason it is refused, or null. */
  register(payload: unknown): { error: string } | { modified: boolean } {
    const problem = syncProblem(payload);
    if (problem) return { error: problem };
    const p = payload as SyncPayload;
    const previous = this.state.apps[p.appName];
    const modified =
      !previous || JSON.stringify(previous.functions) !== JSON.stringify(p.functions) || previous.url !== p.url;
    const app: App = {
      appName: p.appName,
      url: p.url,
      sdk: p.sdk,
      framework: p.framework,
      syncedAt: this.now(),
      functions: p.functions,
    };
    if (previous) this.disarmCrons(previous);
    this.state.apps[p.appName] = app;
    this.armCrons(app);
    this.persist();
    this.log(`synced app "${p.appName}" (${p.functions.length} function(s)) from ${p.url}`);
    return { modified };
  }

  /** Every registered function, with the app it came from. */
  functions(): Array<FunctionConfig & { appName: string }> {
    return Object.values(this.state.apps).flatMap((a) => a.functions.map((f) => ({ ...f, appName: a.appName })));
  }

  private findFunction(fnId: string): FnRef | null {
    for (const app of Object.values(this.state.apps)) {
      const fn = app.functions.find((f) => f.id === fnId);
      if (fn) return { app, fn };
    }
    return null;
  }

  /** Asks the app at `url` to sync (the `PUT` that starts a Sync, SDK_SPEC 4.3.1); the app then POSTs /fn/register. */
  async syncApp(url: string): Promise<SyncResult> {
    try {
      const res = await fetch(url, {
        method: "PUT",
        headers: { "X-Inngest-Server-Kind": this.opts.signingKey ? "cloud" : "dev" },
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await res.text();
      let message = text;
      try {
        const body = JSON.parse(text) as { message?: unknown };
        if (typeof body.message === "string") message = body.message;
      } catch {
        // not JSON: keep the text
      }
      return { url, ok: res.ok, status: res.status, message };
    } catch (err) {
      return { url, ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
    }
  }

  // ─── Events ────────────────────────────────────────────────────────────────

  /**
   * Accepts validated events: assigns ids (given, seeded or new), drops ids seen in the last 24 h, then for each
   * new event ends matching waits, cancels matching runs and starts the functions it triggers. Returns the ids in
   * order, duplicates included (as Inngest does).
   */
  acceptEvents(raw: Array<Record<string, unknown>>, seed?: string): string[] {
    const now = this.now();
    this.pruneExpired(now);
    const ids: string[] = [];
    for (const [index, e] of raw.entries()) {
      const id = typeof e.id === "string" && e.id !== "" ? e.id : ((seed && seededEventId(seed, index)) ?? ulid(now));
      ids.push(id);
      if (this.state.seenEvents[id] !== undefined) {
        this.log(`event ${id} ("${String(e.name)}") already received in the last 24 h: not processed again`);
        continue;
      }
      this.state.seenEvents[id] = now;
      const event: InngestEvent = {
        id,
        name: String(e.name),
        data: (e.data as Record<string, unknown> | undefined) ?? {},
        ...(e.user ? { user: e.user as Record<string, unknown> } : {}),
        ts: typeof e.ts === "number" ? e.ts : now,
        ...(typeof e.v === "string" ? { v: e.v } : {}),
      };
      this.dispatch(event);
    }
    this.persist();
    this.arm();
    return ids;
  }

  private pruneExpired(now: number): void {
    for (const [id, at] of Object.entries(this.state.seenEvents)) {
      if (now - at > EVENT_DEDUP_MS) delete this.state.seenEvents[id];
    }
    for (const [key, at] of Object.entries(this.state.idempotency)) {
      if (now - at > EVENT_DEDUP_MS) delete this.state.idempotency[key];
    }
    for (const [key, starts] of Object.entries(this.state.throttle)) {
      if (starts.every((t) => now - t > EVENT_DEDUP_MS)) delete this.state.throttle[key];
    }
  }

  private dispatch(event: InngestEvent): void {
    this.resolveWaiters(event);
    this.cancelRuns(event);
    for (const app of Object.values(this.state.apps)) {
      for (const fn of app.functions) {
        const trigger = fn.triggers.find(
          (t) =>
            isEventTrigger(t) &&
            eventNameMatches(t.event, event.name) &&
            (!t.expression || expressionMatches(t.expression, { event })),
        );
        if (trigger) this.createRun({ app, fn }, event);
      }
    }
  }

  private resolveWaiters(event: InngestEvent): void {
    for (const run of this.activeRuns()) {
      for (const waiter of [...run.waiters]) {
        if (waiter.event !== event.name) continue;
        if (waiter.if && !expressionMatches(waiter.if, { event: run.event, async: event })) continue;
        run.waiters = run.waiters.filter((w) => w !== waiter);
        this.state.jobs = this.state.jobs.filter(
          (j) => !(j.kind === "wait-timeout" && j.runId === run.id && j.stepId === waiter.stepId),
        );
        this.addLog(run, { kind: "wait-ended", stepId: waiter.stepId, name: waiter.name, output: event });
        this.memoise(run, waiter.stepId, { data: event });
        this.enqueueCall(run, "step", this.now());
      }
    }
  }

  private cancelRuns(event: InngestEvent): void {
    for (const run of this.activeRuns()) {
      const ref = this.findFunction(run.fnId);
      const cancel = ref?.fn.cancel?.find((c) => {
        if (c.event !== event.name) return false;
        if (c.timeout) {
          const until = resolveWakeTime(c.timeout, run.createdAt);
          if (until !== null && event.ts > until) return false;
        }
        return !c.if || expressionMatches(c.if, { event: run.event, async: event });
      });
      if (cancel) {
        this.addLog(run, { kind: "note", message: `cancelled by event ${event.id} ("${event.name}")` });
        this.finish(run, "Cancelled", {});
      }
    }
  }

  // ─── Runs ──────────────────────────────────────────────────────────────────

  /** Fires a function's cron trigger now (the development-only route); null when it has no cron trigger. */
  fireCron(fnId: string): Run | null {
    const ref = this.findFunction(fnId);
    const cron = ref?.fn.triggers.find((t): t is CronTrigger => !isEventTrigger(t));
    if (!ref || !cron) return null;
    const run = this.createRun(ref, this.cronEvent(cron.cron));
    this.persist();
    this.arm();
    return run;
  }

  private cronEvent(cron: string): InngestEvent {
    const now = this.now();
    return { id: ulid(now), name: InternalEvents.ScheduledTimer, data: { cron }, ts: now };
  }

  private createRun({ fn }: FnRef, event: InngestEvent): Run | null {
    const now = this.now();
    if (fn.idempotency) {
      const key = `${fn.id}:${expressionKey(fn.idempotency, { event })}`;
      if (this.state.idempotency[key] !== undefined) {
        this.log(`${fn.id}: idempotency key already used in the last 24 h, event ${event.id} starts no run`);
        return null;
      }
      this.state.idempotency[key] = now;
    }
    const run: Run = {
      id: ulid(now),
      fnId: fn.id,
      event,
      events: [event],
      status: "Queued",
      steps: {},
      stack: [],
      disableImmediateExecution: false,
      attempts: {},
      pending: {},
      waiters: [],
      concurrencyKeys: concurrencyKeys(fn, event).map((k) => k.key),
      createdAt: now,
      log: [],
    };
    this.state.runs[run.id] = run;
    this.enqueueCall(run, "step", this.throttledStart(fn, event, now));
    return run;
  }

  /** When a new run of `fn` may start under its throttle (SDK_SPEC 4.3.2 `throttle`): `limit` starts per period. */
  private throttledStart(fn: FunctionConfig, event: InngestEvent, now: number): number {
    if (!fn.throttle) return now;
    const period = parseTimeString(fn.throttle.period) ?? 0;
    const key = `${fn.id}:${fn.throttle.key ? expressionKey(fn.throttle.key, { event }) : ""}`;
    const limit = Math.max(1, fn.throttle.limit) + Math.max(0, (fn.throttle.burst ?? 1) - 1);
    const starts = (this.state.throttle[key] ?? []).filter((t) => t > now - period).sort((a, b) => a - b);
    const at = starts.length < limit ? now : Math.max(now, (starts[starts.length - limit] ?? now) + period);
    starts.push(at);
    this.state.throttle[key] = starts;
    return at;
  }

  private activeRuns(): Run[] {
    return Object.values(this.state.runs).filter((r) => r.status === "Queued" || r.status === "Running");
  }

  /**
   * True when nothing is due or in progress: no call queued or running. Runs may still sleep or wait for an event
   * (their work is due later), so a test can wait for this after sending an event.
   */
  idle(): boolean {
    const soon = this.now() + 50;
    return this.inFlight.size === 0 && !this.state.jobs.some((j) => j.kind === "call" || j.dueAt <= soon);
  }

  /** Every run kept (pending ones and the last finished ones), newest first. */
  runs(): Run[] {
    return Object.values(this.state.runs).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** One run by id; undefined when unknown or trimmed from the log. */
  run(id: string): Run | undefined {
    return this.state.runs[id];
  }

  /** The runs an event started (none for a duplicate id or an event no function is triggered by). */
  runsForEvent(eventId: string): Run[] {
    return this.runs().filter((r) => r.events.some((e) => e.id === eventId));
  }

  private enqueueCall(run: Run, target: string, dueAt: number): void {
    if (target === "step" && this.discovering.has(run.id)) {
      this.rediscover.set(run.id, Math.min(dueAt, this.rediscover.get(run.id) ?? Infinity));
      return;
    }
    const exists = this.state.jobs.some((j) => j.kind === "call" && j.runId === run.id && j.target === target);
    if (exists) return;
    this.state.jobs.push({ id: ulid(this.now()), kind: "call", runId: run.id, target, dueAt });
  }

  private memoise(run: Run, stepId: string, memo: Run["steps"][string]): void {
    if (run.steps[stepId]) return;
    run.steps[stepId] = memo;
    run.stack.push(stepId);
    delete run.pending[stepId];
    delete run.attempts[stepId];
  }

  private addLog(run: Run, entry: Omit<RunLogEntry, "at">): void {
    run.log.push({ at: this.now(), ...entry });
    if (run.log.length > KEEP_LOG_ENTRIES) run.log.splice(0, run.log.length - KEEP_LOG_ENTRIES);
  }

  private maxAttempts(run: Run): number {
    const fn = this.findFunction(run.fnId)?.fn;
    const retries = fn?.steps.step?.retries?.attempts ?? DEFAULT_RETRIES;
    return retries + 1;
  }

  private backoff(attempt: number): number {
    return Math.min(RETRY_CAP_MS, this.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  }

  private finish(
    run: Run,
    status: "Completed" | "Failed" | "Cancelled",
    result: { output?: unknown; error?: SerializedError },
  ): void {
    if (run.status === "Completed" || run.status === "Failed" || run.status === "Cancelled") return;
    run.status = status;
    run.endedAt = this.now();
    if ("output" in result) run.output = result.output;
    if (result.error) run.error = result.error;
    run.waiters = [];
    run.pending = {};
    this.state.jobs = this.state.jobs.filter((j) => j.runId !== run.id);
    this.log(`run ${run.id} of ${run.fnId}: ${status}${result.error ? ` (${result.error.message})` : ""}`);
    if (status === "Failed" && run.event.name !== InternalEvents.FunctionFailed) {
      const now = this.now();
      this.dispatch({
        id: ulid(now),
        name: InternalEvents.FunctionFailed,
        data: { function_id: run.fnId, run_id: run.id, error: result.error, event: run.event },
        ts: now,
      });
    }
    this.trimFinished();
  }

  private trimFinished(): void {
    const finished = Object.values(this.state.runs)
      .filter((r) => r.endedAt !== undefined)
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
    for (const r of finished.slice(KEEP_FINISHED_RUNS)) delete this.state.runs[r.id];
  }

  // ─── Scheduling ────────────────────────────────────────────────────────────

  /** Points the one timer at the earliest due job. */
  private arm(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.state.jobs.reduce<number | null>(
      (min, j) => (min === null || j.dueAt < min ? j.dueAt : min),
      null,
    );
    if (next === null) return;
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    this.timer = null;
    if (this.closed) return;
    const now = this.now();
    const due = this.state.jobs.filter((j) => j.dueAt <= now);
    for (const job of due) {
      const run = this.state.runs[job.runId];
      if (!run || run.endedAt !== undefined) {
        this.state.jobs = this.state.jobs.filter((j) => j !== job);
        continue;
      }
      if (job.kind === "call" && !this.acquire(run)) {
        job.dueAt = now + CONCURRENCY_POLL_MS;
        continue;
      }
      this.state.jobs = this.state.jobs.filter((j) => j !== job);
      this.runJob(job, run);
    }
    this.persist();
    this.arm();
  }

  /** Takes a concurrency slot for each of the run's keys, or none if any is full (SDK_SPEC `concurrency`). */
  private acquire(run: Run): boolean {
    const fn = this.findFunction(run.fnId)?.fn;
    const limits = fn ? concurrencyKeys(fn, run.event) : [];
    if (limits.some((l) => (this.running.get(l.key) ?? 0) >= l.limit)) return false;
    for (const l of limits) this.running.set(l.key, (this.running.get(l.key) ?? 0) + 1);
    return true;
  }

  private release(run: Run): void {
    const fn = this.findFunction(run.fnId)?.fn;
    for (const l of fn ? concurrencyKeys(fn, run.event) : []) {
      this.running.set(l.key, Math.max(0, (this.running.get(l.key) ?? 1) - 1));
    }
  }

  private runJob(job: Job, run: Run): void {
    switch (job.kind) {
      case "call":
        if (job.target === "step") this.discovering.add(run.id);
        void this.call(run, job.target).finally(() => {
          this.release(run);
          if (job.target === "step") {
            this.discovering.delete(run.id);
            const dueAt = this.rediscover.get(run.id);
            this.rediscover.delete(run.id);
            if (dueAt !== undefined && run.endedAt === undefined) this.enqueueCall(run, "step", dueAt);
          }
          this.persist();
          this.arm();
        });
        return;
      case "wake":
        this.addLog(run, { kind: "step", stepId: job.stepId, message: "sleep ended" });
        this.memoise(run, job.stepId, { data: null });
        this.enqueueCall(run, "step", this.now());
        return;
      case "wait-timeout": {
        const waiter = run.waiters.find((w) => w.stepId === job.stepId);
        if (!waiter) return;
        run.waiters = run.waiters.filter((w) => w !== waiter);
        this.addLog(run, {
          kind: "wait-ended",
          stepId: job.stepId,
          name: waiter.name,
          message: "timed out",
          output: null,
        });
        this.memoise(run, job.stepId, { data: null });
        this.enqueueCall(run, "step", this.now());
        return;
      }
    }
  }

  // ─── Call requests ─────────────────────────────────────────────────────────

  /** One call request (SDK_SPEC 4.4): POST the run's state to the function's URL and act on the answer. */
  private async call(run: Run, target: string): Promise<void> {
    const ref = this.findFunction(run.fnId);
    if (!ref) {
      this.finish(run, "Failed", { error: { name: "Error", message: `function ${run.fnId} is no longer registered` } });
      return;
    }
    const stepUrl = ref.fn.steps.step?.runtime.url;
    if (!stepUrl) {
      this.finish(run, "Failed", { error: { name: "Error", message: `function ${run.fnId} has no step URL` } });
      return;
    }
    const url = new URL(stepUrl);
    url.searchParams.set("fnId", run.fnId);
    url.searchParams.set("stepId", target);
    const attempt = run.attempts[target] ?? 0;
    const maxAttempts = this.maxAttempts(run);
    const body = canonicalJson({
      event: run.event,
      events: run.events,
      steps: run.steps,
      ctx: {
        run_id: run.id,
        attempt,
        max_attempts: maxAttempts,
        disable_immediate_execution: run.disableImmediateExecution,
        use_api: false,
        stack: { stack: run.stack, current: run.stack.length },
      },
      version: 2,
    });
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Inngest-Server-Kind": this.opts.signingKey ? "cloud" : "dev",
      "X-Inngest-Req-Version": "2",
    };
    if (this.opts.signingKey) headers["X-Inngest-Signature"] = signBody(body, this.opts.signingKey, this.now());
    if (run.status === "Queued") {
      run.status = "Running";
      run.startedAt = this.now();
    }

    const started = this.now();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error("call request timed out")), CALL_TIMEOUT_MS);
    let status = 0;
    let text: string;
    let noRetry = false;
    let retryAfter: string | null = null;
    try {
      const res = await fetch(url, { method: "POST", headers, body, signal: controller.signal });
      status = res.status;
      text = await res.text();
      noRetry = res.headers.get("x-inngest-no-retry") === "true";
      retryAfter = res.headers.get("retry-after");
    } catch (err) {
      text = JSON.stringify({
        name: "Error",
        message: `call request failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.closed || run.endedAt !== undefined) return;
    const durationMs = this.now() - started;
    let parsed: unknown;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      parsed = text;
    }
    this.addLog(run, { kind: "call", stepId: target, attempt, status, durationMs });

    if (status === 200) {
      this.finish(run, "Completed", { output: parsed });
      return;
    }
    if (status === 206 && Array.isArray(parsed)) {
      delete run.attempts[target];
      this.handleOps(run, parsed as Op[], attempt, maxAttempts, retryAfter);
      return;
    }
    // The function (not a step) threw, or the request failed: retry the same call, else fail.
    const error = toSerializedError(parsed, `HTTP ${status}`);
    const exhausted = attempt + 1 >= maxAttempts;
    if (noRetry || exhausted) {
      if (target !== "step") {
        this.addLog(run, { kind: "step-error", stepId: target, attempt, error });
        this.memoise(run, target, { error });
        this.enqueueCall(run, "step", this.now());
      } else {
        this.finish(run, "Failed", { error });
      }
      return;
    }
    this.scheduleRetry(run, target, attempt, error, retryAfter);
  }

  private scheduleRetry(
    run: Run,
    target: string,
    attempt: number,
    error: SerializedError,
    retryAfter: string | null,
  ): void {
    const next = attempt + 1;
    run.attempts[target] = next;
    const after = retryAfter ? retryAfterMs(retryAfter, this.now()) : null;
    const dueAt = this.now() + (after ?? this.backoff(next));
    this.addLog(run, {
      kind: "retry",
      stepId: target,
      attempt: next,
      error,
      message: `retry ${next} at ${new Date(dueAt).toISOString()}`,
    });
    if (target !== "step") run.pending[target] = "retry";
    this.enqueueCall(run, target, dueAt);
  }

  private handleOps(run: Run, ops: Op[], attempt: number, maxAttempts: number, retryAfter: string | null): void {
    if (ops.length > 1) run.disableImmediateExecution = true;
    let rediscover = false;
    for (const op of ops) {
      if (typeof op?.id !== "string" || typeof op.op !== "string") continue;
      const name = op.displayName ?? (op.op === "Sleep" || op.op === "WaitForEvent" ? undefined : op.name);
      if (run.steps[op.id]) continue;
      switch (op.op) {
        case "StepRun":
        case "Step":
          this.addLog(run, { kind: "step", stepId: op.id, name, attempt, output: op.data ?? null });
          this.memoise(run, op.id, { data: op.data ?? null });
          rediscover = true;
          break;
        case "StepFailed":
          this.addLog(run, { kind: "step-error", stepId: op.id, name, attempt, error: op.error });
          this.memoise(run, op.id, { error: toSerializedError(op.error, "step failed") });
          rediscover = true;
          break;
        case "StepError": {
          const error = toSerializedError(op.error, "step failed");
          const stepAttempt = run.attempts[op.id] ?? attempt;
          if (stepAttempt + 1 >= maxAttempts) {
            this.addLog(run, { kind: "step-error", stepId: op.id, name, attempt: stepAttempt, error });
            this.memoise(run, op.id, { error });
            rediscover = true;
          } else {
            this.scheduleRetry(run, op.id, stepAttempt, error, retryAfter);
          }
          break;
        }
        case "StepPlanned":
          if (run.pending[op.id]) break;
          run.pending[op.id] = "planned";
          this.enqueueCall(run, op.id, this.now());
          break;
        case "Sleep": {
          if (run.pending[op.id]) break;
          // inngest-js puts the duration in `name`; the spec's `opts.duration` wins when both are sent.
          const duration = op.opts?.duration ?? op.name;
          const wakeAt = resolveWakeTime(duration, this.now());
          if (wakeAt === null) {
            this.memoise(run, op.id, {
              error: { name: "Error", message: `invalid sleep duration ${JSON.stringify(duration)}` },
            });
            rediscover = true;
            break;
          }
          run.pending[op.id] = "sleep";
          this.addLog(run, { kind: "sleep", stepId: op.id, name, message: `until ${new Date(wakeAt).toISOString()}` });
          this.state.jobs.push({ id: ulid(this.now()), kind: "wake", runId: run.id, stepId: op.id, dueAt: wakeAt });
          break;
        }
        case "WaitForEvent": {
          if (run.pending[op.id]) break;
          // inngest-js sends the event name as `name`; the spec's `opts.event` wins when both are sent.
          const event = op.opts?.event ?? op.name;
          const expiresAt = resolveWakeTime(op.opts?.timeout, this.now());
          if (typeof event !== "string" || expiresAt === null) {
            this.memoise(run, op.id, {
              error: { name: "Error", message: "waitForEvent needs an event name and a timeout" },
            });
            rediscover = true;
            break;
          }
          const ifExpr = typeof op.opts?.if === "string" ? op.opts.if : undefined;
          run.pending[op.id] = "wait";
          run.waiters.push({ stepId: op.id, name, event, ...(ifExpr ? { if: ifExpr } : {}), expiresAt });
          this.addLog(run, {
            kind: "wait",
            stepId: op.id,
            name,
            message: `for "${event}"${ifExpr ? ` if ${ifExpr}` : ""} until ${new Date(expiresAt).toISOString()}`,
          });
          this.state.jobs.push({
            id: ulid(this.now()),
            kind: "wait-timeout",
            runId: run.id,
            stepId: op.id,
            dueAt: expiresAt,
          });
          break;
        }
        case "RunComplete":
          this.finish(run, "Completed", { output: op.data ?? null });
          return;
        case "StepNotFound":
          this.addLog(run, {
            kind: "note",
            stepId: op.id,
            message: "the app could not find the step it was asked to run",
          });
          delete run.pending[op.id];
          rediscover = true;
          break;
        default: {
          const feature = UNSUPPORTED_OPS[op.op] ?? `the "${op.op}" operation`;
          const error = { name: "Error", message: `${feature} is not supported by the devstack Inngest executor` };
          this.addLog(run, { kind: "step-error", stepId: op.id, name, error });
          this.memoise(run, op.id, { error });
          rediscover = true;
        }
      }
    }
    if (rediscover) this.enqueueCall(run, "step", this.now());
  }

  // ─── Crons ─────────────────────────────────────────────────────────────────

  private armCrons(app: App): void {
    if (this.opts.scheduleCrons === false) return;
    for (const fn of app.functions) {
      for (const t of fn.triggers) {
        if (!isEventTrigger(t)) this.armCron(fn.id, t.cron);
      }
    }
  }

  private armCron(fnId: string, spec: string): void {
    const key = `${fnId}\n${spec}`;
    const existing = this.cronTimers.get(key);
    if (existing) clearTimeout(existing);
    if (this.closed) return;
    const next = nextCronTime(spec, this.now());
    if (next === null) return;
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.cronTimers.delete(key);
      const ref = this.findFunction(fnId);
      if (!ref || !ref.fn.triggers.some((t) => !isEventTrigger(t) && t.cron === spec)) return;
      if (this.now() + 1000 >= next) {
        this.createRun(ref, this.cronEvent(spec));
        this.persist();
        this.arm();
      }
      this.armCron(fnId, spec);
    }, delay);
    this.cronTimers.set(key, timer);
  }

  private disarmCrons(app: App): void {
    for (const fn of app.functions) {
      for (const [key, timer] of this.cronTimers) {
        if (key.startsWith(`${fn.id}\n`)) {
          clearTimeout(timer);
          this.cronTimers.delete(key);
        }
      }
    }
  }

  // ─── Persistence and shutdown ──────────────────────────────────────────────

  private persist(): void {
    if (this.saveQueued || !this.opts.journalFile) return;
    this.saveQueued = true;
    queueMicrotask(() => {
      this.saveQueued = false;
      if (!this.closed) saveJournal(this.opts.journalFile, this.state);
    });
  }

  /** Stops every timer and aborts calls in flight; the journal keeps the runs (their cut-off calls are redone). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.cronTimers.values()) clearTimeout(t);
    this.cronTimers.clear();
    for (const c of this.inFlight) c.abort(new Error("executor stopped"));
    saveJournal(this.opts.journalFile, this.state);
  }
}

function retryAfterMs(value: string, now: number): number | null {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The concurrency groups a run belongs to: `{ key, limit }` per declared limit (scope `fn` prefixes the function id). */
export function concurrencyKeys(fn: FunctionConfig, event: InngestEvent): Array<{ key: string; limit: number }> {
  const c = fn.concurrency;
  if (c === undefined || c === null) return [];
  const list = typeof c === "number" ? [{ limit: c }] : Array.isArray(c) ? c : [c];
  return list
    .filter((o) => o.limit > 0)
    .map((o: { limit: number; key?: string; scope?: string }) => {
      const scope = o.scope ?? "fn";
      const value = o.key ? expressionKey(o.key, { event }) : "";
      return { key: `${scope === "fn" ? fn.id : scope}:${o.key ?? ""}=${value}`, limit: o.limit };
    });
}

/** Why a sync payload is refused (400), or null: shape, ids, triggers, expressions, crons, unsupported options. */
export function syncProblem(payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return "body must be a JSON object";
  const p = payload as Partial<SyncPayload>;
  if (typeof p.appName !== "string" || p.appName === "") return "appName must be a non-empty string";
  if (typeof p.url !== "string" || !URL.canParse(p.url)) return "url must be an absolute URL";
  if (!Array.isArray(p.functions)) return "functions must be an array";
  const ids = new Set<string>();
  for (const fn of p.functions) {
    if (typeof fn?.id !== "string" || fn.id === "") return "every function needs an id";
    if (ids.has(fn.id)) return `duplicate function id ${fn.id}`;
    ids.add(fn.id);
    if (!Array.isArray(fn.triggers) || fn.triggers.length === 0) return `function ${fn.id} has no triggers`;
    const stepUrl = fn.steps?.step?.runtime?.url;
    if (typeof stepUrl !== "string" || !URL.canParse(stepUrl)) return `function ${fn.id} has no step runtime URL`;
    const attempts = fn.steps.step?.retries?.attempts;
    if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 20)) {
      return `function ${fn.id}: retries must be a whole number from 0 to 20`;
    }
    for (const option of UNSUPPORTED_OPTIONS) {
      if (fn[option] !== undefined && fn[option] !== null) {
        return `function ${fn.id}: "${option}" is not supported by the devstack Inngest executor`;
      }
    }
    const expressions: string[] = [];
    for (const t of fn.triggers) {
      if (isEventTrigger(t)) {
        if (t.event === "") return `function ${fn.id}: empty event name in a trigger`;
        if (t.expression) expressions.push(t.expression);
      } else if (typeof (t as CronTrigger).cron === "string") {
        try {
          nextCronTime((t as CronTrigger).cron, Date.now());
        } catch (err) {
          return `function ${fn.id}: invalid cron "${(t as CronTrigger).cron}": ${err instanceof Error ? err.message : String(err)}`;
        }
      } else {
        return `function ${fn.id}: a trigger needs an event or a cron`;
      }
    }
    for (const c of fn.cancel ?? []) {
      if (c.if) expressions.push(c.if);
      if (c.timeout && resolveWakeTime(c.timeout, 0) === null)
        return `function ${fn.id}: invalid cancel timeout "${c.timeout}"`;
    }
    if (fn.idempotency) expressions.push(fn.idempotency);
    if (fn.throttle) {
      if (fn.throttle.key) expressions.push(fn.throttle.key);
      if (!(fn.throttle.limit >= 1) || parseTimeString(fn.throttle.period) === null) {
        return `function ${fn.id}: throttle needs a limit of at least 1 and a period`;
      }
    }
    const conc = fn.concurrency;
    for (const o of conc === undefined || typeof conc === "number" ? [] : Array.isArray(conc) ? conc : [conc]) {
      if (o.key) expressions.push(o.key);
    }
    for (const e of expressions) {
      try {
        checkExpression(e);
      } catch (err) {
        return `function ${fn.id}: invalid expression "${e}": ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
      }
    }
  }
  return null;
}
