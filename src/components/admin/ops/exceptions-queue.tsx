"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { ReasonForm } from "~/components/forms/reason-form";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { SelectField } from "~/components/ui/field";
import { Spinner } from "~/components/ui/spinner";
import { getErrorMessage } from "~/components/ui/form-errors";
import { type RouterOutputs, api } from "~/trpc/react";

export const EXCEPTIONS_PAGE_SIZE = 20;

type TItem = RouterOutputs["adminOps"]["exceptions"]["items"][number];
type TKind = TItem["kind"];

/** The queue's own URL for a filter and page. */
export function exceptionsHref(opts: { kind?: string; page?: number }): string {
  const params = new URLSearchParams();
  if (opts.kind) params.set("kind", opts.kind);
  if (opts.page && opts.page > 1) params.set("page", String(opts.page));
  const q = params.toString();
  return q ? `/admin/exceptions?${q}` : "/admin/exceptions";
}

/** "3 d 4 h", "2 h 15 min", "6 min", "under a minute": how long the condition has held. */
export function formatAge(seconds: number): string {
  const min = Math.floor(seconds / 60);
  if (min < 1) return "under a minute";
  const days = Math.floor(min / 1440);
  const hours = Math.floor((min % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${min % 60} min`;
  return `${min} min`;
}

const kindLabel: Record<TKind, string> = {
  DELIVERY_CODE_LOCKED: "Delivery code locked",
  PICKUP_MISSED: "Pick-up window missed",
  ETA_LATE: "ETA past the drop-off window",
  NO_POSITION: "No recent position",
  LOAD_UNFILLED: "Posted without a driver",
  NOTIFICATION_FAILED: "Notification failed",
  PAYMENT_FAILED: "Payment failed",
  REFUND_FAILED: "Refund failed",
  PAYOUT_FAILED: "Payout failed",
  WEBHOOK_FAILING: "Webhook keeps failing",
};

/** Whether a mutation failed because the exception is no longer open (another tab or admin resolved it first). */
export function isNoLongerOpen(error: unknown): boolean {
  return (error as { data?: { code?: string } } | null)?.data?.code === "NOT_FOUND";
}

function ExceptionRow({
  item,
  onResolved,
  onStale,
  onReplayed,
}: {
  item: TItem;
  onResolved: () => Promise<unknown>;
  onStale: () => Promise<unknown>;
  /** Told once a replay is sent; the queue says so above the list (the row may leave the list at once). */
  onReplayed: () => Promise<unknown>;
}) {
  const [resolving, setResolving] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const [replayed, setReplayed] = useState(false);
  const resolve = api.adminOps.resolveException.useMutation();
  const replay = api.adminOps.replayWebhook.useMutation();
  const subject = item.title;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone={item.kind === "DELIVERY_CODE_LOCKED" || item.kind.endsWith("FAILED") ? "danger" : "warning"}>
              {item.label}
            </Badge>
            {item.status ? <StatusBadge status={item.status} /> : null}
          </p>
          <p className="font-semibold wrap-anywhere">{subject}</p>
          <p className="text-sm text-slate-600">
            For <span className="font-medium text-slate-900">{formatAge(item.ageSeconds)}</span>, since{" "}
            <DateTime value={item.since} />
          </p>
          {item.detail ? (
            <p className="text-sm wrap-anywhere text-slate-700">
              {item.kind === "ETA_LATE" ? (
                <>
                  ETA <DateTime value={new Date(item.detail)} />
                </>
              ) : (
                item.detail
              )}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={item.href} className={buttonClasses({ variant: "primary" })}>
            Act<span className="sr-only"> on {subject}</span>
          </Link>
          {item.kind === "WEBHOOK_FAILING" && !replaying && !resolving && !replayed ? (
            <Button variant="secondary" onClick={() => setReplaying(true)}>
              Replay<span className="sr-only"> the webhook {subject}</span>
            </Button>
          ) : null}
          {!resolving ? (
            <Button variant="secondary" onClick={() => setResolving(true)}>
              Resolve
              <span className="sr-only">
                {" "}
                {item.label.toLowerCase()} on {subject}
              </span>
            </Button>
          ) : null}
        </div>
      </div>
      {replaying ? (
        <ReasonForm
          title={`Replay the webhook ${subject}?`}
          headingLevel={3}
          description="The event Stripe sent is applied again, once. Do it after mending what made it fail. Who, when and why are recorded."
          hint="At least 3 characters, e.g. what was mended."
          submitLabel="Replay"
          pendingLabel="Sending…"
          keepLabel="Not now"
          variant="primary"
          className="mt-4 rounded-xl border border-slate-200 bg-slate-50 p-4"
          onKeep={() => setReplaying(false)}
          onSubmit={async (reason) => {
            try {
              await replay.mutateAsync({ subjectId: item.subjectId, reason });
            } catch (error) {
              // Replayed in another tab (applied already, CONFLICT) or gone: drop the stale row and its form.
              const code = (error as { data?: { code?: string } } | null)?.data?.code;
              if (code !== "CONFLICT" && !isNoLongerOpen(error)) throw error;
              setReplaying(false);
              await onStale();
              return;
            }
            setReplaying(false);
            setReplayed(true);
            await onReplayed();
          }}
        />
      ) : null}
      {resolving ? (
        <ReasonForm
          title={`Resolve “${item.label}” on ${subject}`}
          headingLevel={3}
          description="It leaves the queue until the condition occurs again. Who, when and why are recorded."
          hint="At least 3 characters."
          submitLabel="Resolve"
          pendingLabel="Resolving…"
          keepLabel="Keep open"
          variant="primary"
          className="mt-4 rounded-xl border border-slate-200 bg-slate-50 p-4"
          onKeep={() => setResolving(false)}
          onSubmit={async (reason) => {
            try {
              await resolve.mutateAsync({ kind: item.kind, subjectId: item.subjectId, reason });
            } catch (error) {
              // Resolved in another tab or by another admin: drop the stale row and its form, say why.
              if (!isNoLongerOpen(error)) throw error;
              setResolving(false);
              await onStale();
              return;
            }
            await onResolved();
          }}
        />
      ) : null}
    </li>
  );
}

/** The open exceptions, oldest first, filtered by kind and paged; each with its age, a link to act and Resolve. */
export function ExceptionsQueue({ kind, page }: { kind?: TKind; page: number }) {
  const router = useRouter();
  const utils = api.useUtils();
  // What the last action in the list did, said above it: a row that is resolved, replayed or found stale may
  // leave the list at once, taking anything said inside it along.
  const [notice, setNotice] = useState<string | null>(null);
  const query = api.adminOps.exceptions.useQuery(
    { kind, page, pageSize: EXCEPTIONS_PAGE_SIZE },
    { refetchInterval: 30_000 },
  );
  const options = (Object.keys(kindLabel) as TKind[]).map((k) => ({
    value: k,
    label: `${kindLabel[k]}${query.data ? ` (${query.data.byKind[k]})` : ""}`,
  }));

  return (
    <div className="space-y-4">
      <div className="max-w-sm">
        <SelectField
          label="Show"
          placeholder="Every kind"
          options={options}
          value={kind ?? ""}
          onChange={(e) => router.push(exceptionsHref({ kind: e.target.value || undefined }))}
        />
      </div>
      {notice ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm">
          {notice}
        </p>
      ) : null}
      {query.isPending ? (
        <Spinner label="Loading exceptions…" />
      ) : query.isError ? (
        <Alert tone="error" title="Could not load the exceptions">
          <p>{getErrorMessage(query.error)}</p>
          <p>
            <button type="button" className="font-semibold underline" onClick={() => void query.refetch()}>
              Try again
            </button>
          </p>
        </Alert>
      ) : query.data.items.length === 0 && query.data.total > 0 ? (
        // A page past the end (the list shrank, or an old link): say where the exceptions are.
        <EmptyState
          title={`Page ${page} is past the end`}
          description={`${query.data.total} open, on ${query.data.pageCount} ${query.data.pageCount === 1 ? "page" : "pages"}.`}
          action={
            <Link
              href={exceptionsHref({ kind, page: query.data.pageCount })}
              className="font-semibold text-brand-700 underline"
            >
              Go to page {query.data.pageCount}
            </Link>
          }
        />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          title={kind ? `No open “${kindLabel[kind].toLowerCase()}” exceptions` : "Nothing needs attention"}
          description="Locked delivery codes, missed pick-ups, late ETAs, silent drivers, loads nobody takes and failed notifications or payments appear here as they happen."
          action={
            page > 1 || kind ? (
              <Link href={exceptionsHref({})} className="font-semibold text-brand-700 underline">
                See every open exception
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {query.data.total} open, oldest first. Page {query.data.page} of {query.data.pageCount}.
          </p>
          <ul className="space-y-3">
            {query.data.items.map((item) => (
              <ExceptionRow
                key={`${item.kind}:${item.subjectId}`}
                item={item}
                onResolved={async () => {
                  setNotice(`“${item.label}” on ${item.title} is resolved. It shows again if the condition recurs.`);
                  await Promise.all([query.refetch(), utils.adminOps.recentResolutions.invalidate()]);
                }}
                onStale={async () => {
                  setNotice(
                    `“${item.label}” on ${item.title} was no longer open: it was resolved elsewhere or has cleared. The list is up to date.`,
                  );
                  await Promise.all([query.refetch(), utils.adminOps.recentResolutions.invalidate()]);
                }}
                onReplayed={async () => {
                  setNotice(
                    `${item.title}: sent to be applied again. It leaves the queue once it succeeds; a new failure counts again.`,
                  );
                  await Promise.all([query.refetch(), utils.adminOps.recentResolutions.invalidate()]);
                }}
              />
            ))}
          </ul>
          {query.data.pageCount > 1 ? (
            <nav aria-label="Exception pages" className="flex items-center justify-between gap-2">
              {page > 1 ? (
                <Link
                  href={exceptionsHref({ kind, page: page - 1 })}
                  className={buttonClasses({ variant: "secondary" })}
                >
                  Previous
                </Link>
              ) : (
                <span />
              )}
              {page < query.data.pageCount ? (
                <Link
                  href={exceptionsHref({ kind, page: page + 1 })}
                  className={buttonClasses({ variant: "secondary" })}
                >
                  Next
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}

/** The 20 most recent resolutions, newest first: what, on which subject, who, when and why. */
export function RecentResolutions() {
  const query = api.adminOps.recentResolutions.useQuery();
  return (
    <section aria-labelledby="recently-resolved" className="space-y-3">
      <h2 id="recently-resolved" className="text-lg font-semibold">
        Recently resolved
      </h2>
      {query.isPending ? (
        <Spinner label="Loading resolutions…" />
      ) : query.isError ? (
        <Alert tone="error" title="Could not load the resolutions">
          <p>{getErrorMessage(query.error)}</p>
        </Alert>
      ) : query.data.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing has been resolved yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
          {query.data.map((r) => (
            <li key={r.id} className="space-y-1 p-4 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                <Badge tone="neutral">{r.label}</Badge>
                {r.href ? (
                  <Link href={r.href} className="font-semibold text-brand-700 underline wrap-anywhere">
                    {r.title}
                  </Link>
                ) : (
                  <span className="font-semibold wrap-anywhere">{r.title}</span>
                )}
              </p>
              <p className="text-slate-600">
                By <span className="font-medium text-slate-900">{r.resolvedBy?.name ?? "a deleted account"}</span>,{" "}
                <DateTime value={r.resolvedAt} />
              </p>
              <p className="wrap-anywhere text-slate-800">“{r.reason}”</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
