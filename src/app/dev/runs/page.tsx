import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Fragment } from "react";

import { Alert } from "~/components/ui/alert";
import { Badge, type TBadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { SelectField } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { env } from "~/env";
import { executorUrl, fireCronNow, loadRunLog, runStatuses, type TRun, type TRunStatus } from "~/server/dev/run-log";

export const metadata: Metadata = { title: "Dev run log", robots: { index: false } };

const statusTone: Record<TRunStatus, TBadgeTone> = {
  Queued: "warning",
  Running: "brand",
  Completed: "success",
  Failed: "danger",
  Cancelled: "neutral",
};

/** The app's function ids are prefixed with its id; the page names them without it. */
const APP_PREFIX = "trial-transport-";
const shortName = (fnId: string) => (fnId.startsWith(APP_PREFIX) ? fnId.slice(APP_PREFIX.length) : fnId);

/** Step outputs and event data as indented JSON, cut to keep a page of long runs readable. */
function json(value: unknown, max = 2000): string {
  const text = JSON.stringify(value, null, 2) ?? "undefined";
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Fires a cron function now through the executor's development route, then shows its runs. */
async function runNow(formData: FormData) {
  "use server";
  if (env.NODE_ENV === "production") notFound();
  const fn = String(formData.get("fn") ?? "");
  const base = executorUrl();
  let to = `/dev/runs?fn=${encodeURIComponent(fn)}`;
  try {
    if (!base) throw new Error("INNGEST_BASE_URL is not set");
    const { runId } = await fireCronNow(base, fn);
    to += `&fired=${encodeURIComponent(runId)}`;
  } catch (error) {
    to += `&error=${encodeURIComponent(error instanceof Error ? error.message : String(error))}`;
  }
  redirect(to);
}

function RunCard({ run, highlighted }: { run: TRun; highlighted: boolean }) {
  return (
    <li
      id={`run-${run.run_id}`}
      className={`rounded-xl border bg-white p-4 shadow-sm sm:p-6 ${highlighted ? "border-brand-500" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold wrap-anywhere">{shortName(run.function_id)}</h2>
        <Badge tone={statusTone[run.status]}>{run.status}</Badge>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">Event</dt>
        <dd className="break-all">
          {run.event.name}
          {run.event.id ? <span className="text-slate-500"> ({run.event.id})</span> : null}
        </dd>
        <dt className="text-slate-500">Started</dt>
        <dd>
          <DateTime value={run.started_at ?? run.created_at} />
        </dd>
        <dt className="text-slate-500">Duration</dt>
        <dd>{run.ended_at ? duration(run.duration_ms) : "still running"}</dd>
        <dt className="text-slate-500">Attempts</dt>
        <dd>{run.attempts}</dd>
        <dt className="text-slate-500">Run id</dt>
        <dd className="break-all">{run.run_id}</dd>
        {run.waiting_for.map((w) => (
          <Fragment key={`${w.event}-${w.until}`}>
            <dt className="text-slate-500">Waiting for</dt>
            <dd className="break-all">
              {w.event} until <DateTime value={w.until} />
            </dd>
          </Fragment>
        ))}
      </dl>
      {run.error ? (
        <div className="mt-3">
          <Alert tone="error" title={run.error.name ?? "Error"}>
            {run.error.message}
          </Alert>
        </div>
      ) : null}
      {run.status === "Completed" ? (
        <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs">{json(run.output)}</pre>
      ) : null}
      <details className="mt-3">
        <summary className="min-h-11 cursor-pointer content-center text-sm font-medium text-brand-700">
          Event data and history ({run.history.length} entries)
        </summary>
        <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs">{json(run.event.data)}</pre>
        <ol className="mt-3 space-y-2 text-sm">
          {run.history.map((h, i) => (
            <li key={i} className="rounded-lg border border-slate-100 p-2">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-medium">{h.kind}</span>
                {(h.name ?? h.stepId) ? <span className="break-all">{h.name ?? h.stepId}</span> : null}
                {h.status ? <span className="text-slate-500">HTTP {h.status}</span> : null}
                {h.attempt !== undefined ? <span className="text-slate-500">attempt {h.attempt + 1}</span> : null}
                {h.durationMs !== undefined ? <span className="text-slate-500">{duration(h.durationMs)}</span> : null}
                <span className="text-slate-500">
                  <DateTime value={h.at} />
                </span>
              </div>
              {h.message ? <p className="mt-1">{h.message}</p> : null}
              {h.error ? (
                <p className="mt-1 text-red-800">
                  {h.error.name ?? "Error"}: {h.error.message}
                </p>
              ) : null}
              {h.output !== undefined ? (
                <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{json(h.output, 600)}</pre>
              ) : null}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}

export default async function DevRunsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  if (env.NODE_ENV === "production") notFound();
  const params = await searchParams;
  const fn = firstParam(params.fn)?.trim() || undefined;
  const statusParam = firstParam(params.status);
  const status = runStatuses.find((s) => s === statusParam);
  const fired = firstParam(params.fired);
  const fireError = firstParam(params.error);
  const baseUrl = executorUrl();
  const log = baseUrl ? await loadRunLog(baseUrl, { fn, status }) : null;
  const crons = log?.ok ? log.functions.filter((f) => f.cron) : [];

  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Dev run log"
        description="Inngest function runs in the local executor, newest first: status, attempts, step outputs and errors. Development only."
        actions={<Badge tone="warning">Development</Badge>}
      />
      <p className="mb-4 text-sm">
        <Link href="/dev/outbox" className="font-medium text-brand-700 hover:underline">
          Emails sent (dev outbox)
        </Link>
      </p>

      {fireError ? (
        <div className="mb-4">
          <Alert tone="error" title="Could not run the cron">
            {fireError}
          </Alert>
        </div>
      ) : fired ? (
        <div className="mb-4">
          <Alert tone="success" title="Cron started">
            Run {fired} is shown below; reload to see it finish.
          </Alert>
        </div>
      ) : null}

      {!baseUrl ? (
        <Alert tone="warning" title="INNGEST_BASE_URL is not set">
          Start the app with <code>npm run dev</code> (it starts the devstack executor), or set INNGEST_BASE_URL to the
          executor&apos;s URL.
        </Alert>
      ) : !log?.ok ? (
        <Alert tone="error" title="Could not read the run log">
          {log?.message}
        </Alert>
      ) : (
        <>
          <form method="get" className="mb-6 flex flex-wrap items-end gap-3">
            <SelectField
              label="Function"
              name="fn"
              defaultValue={fn ?? ""}
              placeholder="All functions"
              options={log.functions.map((f) => ({ value: f.id, label: shortName(f.id) }))}
              className="min-w-60 flex-1"
            />
            <SelectField
              label="Status"
              name="status"
              defaultValue={status ?? ""}
              placeholder="Any status"
              options={runStatuses.map((s) => ({ value: s, label: s }))}
              className="min-w-40"
            />
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            <Link
              href="/dev/runs"
              className="min-h-11 content-center text-sm font-medium text-brand-700 hover:underline"
            >
              Show all
            </Link>
          </form>

          {crons.length > 0 ? (
            <section aria-labelledby="crons" className="mb-6">
              <h2 id="crons" className="mb-2 text-base font-semibold">
                Crons
              </h2>
              <ul className="flex flex-wrap gap-2">
                {crons.map((c) => (
                  <li key={c.id}>
                    <form action={runNow} className="flex items-center gap-2">
                      <input type="hidden" name="fn" value={c.id} />
                      <Button type="submit" variant="secondary">
                        Run {shortName(c.id)} now
                      </Button>
                      <span className="text-xs text-slate-500">{c.cron}</span>
                    </form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {log.skipped > 0 ? (
            <p className="mb-4 text-sm text-slate-600">{log.skipped} runs in an unexpected shape are not shown.</p>
          ) : null}
          {log.runs.length === 0 ? (
            <EmptyState
              title={fn || status ? "No runs match" : "No runs yet"}
              description="Sign up, request a password reset or run a cron to start one."
            />
          ) : (
            <ol className="space-y-4">
              {log.runs.map((run) => (
                <RunCard key={run.run_id} run={run} highlighted={run.run_id === fired} />
              ))}
            </ol>
          )}
        </>
      )}
    </main>
  );
}
