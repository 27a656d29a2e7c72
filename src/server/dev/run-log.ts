// The Inngest run log for the development page /dev/runs: read from the devstack executor's JSON routes
// (devstack/inngest/http-api.ts, `GET /__runs`, `GET /__functions`, `POST /__cron/:id`), which answer loopback
// callers only and exist in development alone; Inngest Cloud has its own dashboard.
import { z } from "zod";

import { env } from "~/env";

export const runStatuses = ["Queued", "Running", "Completed", "Failed", "Cancelled"] as const;
export type TRunStatus = (typeof runStatuses)[number];

const ZErrorSchema = z.object({ name: z.string().optional(), message: z.string().optional() });

/** One entry of a run's history (the executor's RunLogEntry, times as ISO-8601 UTC strings). */
const ZRunHistoryEntrySchema = z.object({
  at: z.string(),
  kind: z.string(),
  stepId: z.string().optional(),
  name: z.string().optional(),
  attempt: z.number().optional(),
  status: z.number().optional(),
  durationMs: z.number().optional(),
  output: z.unknown().optional(),
  error: ZErrorSchema.optional(),
  message: z.string().optional(),
});

/** A run as `GET /__runs` lists it (devstack/inngest/http-api.ts runView). */
export const ZRunSchema = z.object({
  run_id: z.string(),
  function_id: z.string(),
  status: z.enum(runStatuses),
  event: z.object({ name: z.string(), id: z.string().optional(), ts: z.number().optional(), data: z.unknown() }),
  created_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  output: z.unknown(),
  error: ZErrorSchema.nullable(),
  attempts: z.number(),
  waiting_for: z.array(z.object({ event: z.string(), if: z.string().nullable(), until: z.string() })),
  history: z.array(ZRunHistoryEntrySchema),
});
export type TRun = z.infer<typeof ZRunSchema>;

const ZFunctionsSchema = z.object({
  functions: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      triggers: z.array(z.object({ cron: z.string().optional(), event: z.string().optional() })),
    }),
  ),
});
export type TRunLogFunction = { id: string; name: string; cron: string | null };

export type TRunLog =
  { ok: true; runs: TRun[]; functions: TRunLogFunction[]; skipped: number } | { ok: false; message: string };

/** The executor's origin: INNGEST_BASE_URL, or INNGEST_DEV when it names a dev server; null when neither does. */
export function executorUrl(): string | null {
  if (env.INNGEST_BASE_URL) return env.INNGEST_BASE_URL;
  if (env.INNGEST_DEV && /^https?:\/\//.test(env.INNGEST_DEV)) return env.INNGEST_DEV;
  return null;
}

async function getJson(url: URL): Promise<unknown> {
  const res = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url.pathname} answered ${res.status} ${res.statusText}`);
  return res.json();
}

/**
 * Reads the run log from the executor at `baseUrl`, newest first, optionally only runs of function `fn` (its full
 * id, `trial-transport-…`) or in `status`, plus the registered functions (for the filter and "Run now"). Runs that
 * do not match the expected shape are left out and counted in `skipped`. Never throws: an unreachable executor or
 * an unexpected answer comes back as `{ ok: false, message }`.
 */
export async function loadRunLog(baseUrl: string, filter: { fn?: string; status?: TRunStatus } = {}): Promise<TRunLog> {
  const runsUrl = new URL("/__runs", baseUrl);
  if (filter.fn) runsUrl.searchParams.set("function", filter.fn);
  if (filter.status) runsUrl.searchParams.set("status", filter.status);
  try {
    const [runsBody, functionsBody] = await Promise.all([getJson(runsUrl), getJson(new URL("/__functions", baseUrl))]);
    const list = z.object({ runs: z.array(z.unknown()) }).safeParse(runsBody);
    const fns = ZFunctionsSchema.safeParse(functionsBody);
    if (!list.success || !fns.success) return { ok: false, message: "The executor's answer is not a run log." };
    const runs: TRun[] = [];
    for (const raw of list.data.runs) {
      const parsed = ZRunSchema.safeParse(raw);
      if (parsed.success) runs.push(parsed.data);
    }
    const functions = fns.data.functions
      .map((f) => ({ id: f.id, name: f.name ?? f.id, cron: f.triggers.find((t) => t.cron)?.cron ?? null }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return { ok: true, runs, functions, skipped: list.data.runs.length - runs.length };
  } catch (error) {
    return {
      ok: false,
      message: `Could not read the run log from ${new URL(baseUrl).origin}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Asks the executor at `baseUrl` to fire cron function `fnId` now (`POST /__cron/:id`). Resolves with the new run's
 * id; throws an Error with the executor's message when it refuses (404: no such cron function) or is unreachable.
 */
export async function fireCronNow(baseUrl: string, fnId: string): Promise<{ runId: string }> {
  const res = await fetch(new URL(`/__cron/${encodeURIComponent(fnId)}`, baseUrl), {
    method: "POST",
    cache: "no-store",
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json().catch(() => ({}))) as { run_id?: string; error?: string };
  if (!res.ok || !body.run_id) throw new Error(body.error ?? `the executor answered ${res.status}`);
  return { runId: body.run_id };
}
