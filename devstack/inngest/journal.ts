// The executor's whole state in one JSON file, rewritten atomically (temp file + rename) after every change, so
// a restart resumes what was accepted: pending runs and their queued work, sleeps, waits for events, retries, the
// event ids seen in the last 24 h and the run log.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import type { FunctionConfig, InngestEvent, Memo, SerializedError } from "./protocol";

export type RunStatus = "Queued" | "Running" | "Completed" | "Failed" | "Cancelled";

/** One entry of a run's history: what each call request did, for the run log. */
export type RunLogEntry = {
  at: number;
  kind: "call" | "step" | "step-error" | "sleep" | "wait" | "wait-ended" | "retry" | "invoke" | "note";
  stepId?: string;
  name?: string;
  attempt?: number;
  status?: number;
  durationMs?: number;
  output?: unknown;
  error?: SerializedError;
  message?: string;
};

export type Waiter = {
  stepId: string;
  name?: string;
  event: string;
  if?: string;
  expiresAt: number;
};

export type Run = {
  id: string;
  fnId: string;
  event: InngestEvent;
  events: InngestEvent[];
  status: RunStatus;
  /** Memoised step results by hashed step id. */
  steps: Record<string, Memo>;
  /** Hashed step ids in the order they were memoised (`ctx.stack.stack`). */
  stack: string[];
  /** Set once a call reported more than one step: every later call plans steps instead of running them. */
  disableImmediateExecution: boolean;
  /** Attempt number per target (`step` for discovery, else a hashed step id); reset when the target succeeds. */
  attempts: Record<string, number>;
  /** Steps reported and not yet memoised (planned, sleeping, waiting), so a rediscovery does not queue them twice. */
  pending: Record<string, string>;
  waiters: Waiter[];
  concurrencyKeys: string[];
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  output?: unknown;
  error?: SerializedError;
  log: RunLogEntry[];
};

/** Work due at a time: call the app for a run, wake a sleep, end a wait, start a throttled run. */
export type Job =
  | { id: string; kind: "call"; runId: string; target: string; dueAt: number }
  | { id: string; kind: "wake"; runId: string; stepId: string; dueAt: number }
  | { id: string; kind: "wait-timeout"; runId: string; stepId: string; dueAt: number };

export type App = {
  appName: string;
  url: string;
  sdk?: string;
  framework?: string;
  syncedAt: number;
  functions: FunctionConfig[];
};

export type JournalState = {
  version: 1;
  apps: Record<string, App>;
  /** Event id -> when it was first accepted (ms), for the 24 h de-duplication. */
  seenEvents: Record<string, number>;
  runs: Record<string, Run>;
  jobs: Job[];
  /** Function id -> start times (ms) inside its throttle period, per key. */
  throttle: Record<string, number[]>;
  /** Idempotency key -> when it was first used (ms). */
  idempotency: Record<string, number>;
};

export function emptyState(): JournalState {
  return { version: 1, apps: {}, seenEvents: {}, runs: {}, jobs: [], throttle: {}, idempotency: {} };
}

/** Reads the journal; a missing file is an empty state, a corrupt one is an error (never silently discarded). */
export function loadJournal(file: string | undefined): JournalState {
  if (!file) return emptyState();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw err;
  }
  let parsed: Partial<JournalState>;
  try {
    parsed = JSON.parse(text) as Partial<JournalState>;
  } catch (err) {
    throw new Error(`inngest journal ${file} is not valid JSON (delete it to start empty): ${String(err)}`, {
      cause: err,
    });
  }
  if (parsed.version !== 1) throw new Error(`inngest journal ${file}: unknown version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed } as JournalState;
}

/** Writes the journal atomically: a crash leaves either the old file or the new one, never half of one. */
export function saveJournal(file: string | undefined, state: JournalState): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
