import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";

import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { TextField } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { env } from "~/env";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };

/** The part of the Resend stand-in's outbox entry (devstack/resend/server.ts, SentEmail) shown here. */
type TOutboxEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  created_at: string;
};

type TOutboxResult = { ok: true; emails: TOutboxEmail[] } | { ok: false; message: string };

function isOutboxEmail(value: unknown): value is TOutboxEmail {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === "string" &&
    typeof v.subject === "string" &&
    typeof v.created_at === "string" &&
    Array.isArray(v.to) &&
    v.to.every((t) => typeof t === "string")
  );
}

async function loadOutbox(baseUrl: string, to: string | undefined): Promise<TOutboxResult> {
  const url = new URL("/__outbox", baseUrl);
  if (to) url.searchParams.set("to", to);
  try {
    const res = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(5000) });
    if (!res.ok) return { ok: false, message: `The outbox answered ${res.status} ${res.statusText}.` };
    const body = (await res.json()) as { emails?: unknown };
    const emails = Array.isArray(body.emails) ? body.emails.filter(isOutboxEmail) : [];
    return { ok: true, emails };
  } catch (error) {
    return {
      ok: false,
      message: `Could not reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

/** Plain text with http(s) URLs as links: React escapes every piece, so no email content becomes markup. */
function linkify(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    // Sentence punctuation right after a URL is not part of it.
    const raw = match[0].replace(/[.,;:!?)\]]+$/, "");
    let href: string | null = null;
    try {
      const parsed = new URL(raw);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") href = parsed.href;
    } catch {
      href = null;
    }
    if (!href) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push(
      <a key={start} href={href} className="break-all font-medium text-brand-700 underline" rel="noreferrer">
        {raw}
      </a>,
    );
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export default async function DevOutboxPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  if (env.NODE_ENV === "production") notFound();
  const to = firstParam((await searchParams).to)?.trim() || undefined;
  const baseUrl = env.RESEND_BASE_URL;
  const result = baseUrl ? await loadOutbox(baseUrl, to) : null;

  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Dev outbox"
        description="Emails the local Resend stand-in received, newest first. Development only."
        actions={<Badge tone="warning">Development</Badge>}
      />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3">
        <TextField
          label="Recipient"
          name="to"
          type="email"
          defaultValue={to}
          placeholder="someone@example.test"
          className="min-w-60 flex-1"
        />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {to ? (
          <Link
            href="/dev/outbox"
            className="min-h-11 content-center text-sm font-medium text-brand-700 hover:underline"
          >
            Show all
          </Link>
        ) : null}
      </form>

      {!baseUrl ? (
        <Alert tone="warning" title="RESEND_BASE_URL is not set">
          Start the app with <code>npm run dev</code> (it starts the devstack), or set RESEND_BASE_URL to the
          stand-in&apos;s URL.
        </Alert>
      ) : !result?.ok ? (
        <Alert tone="error" title="Could not read the outbox">
          {result?.message}
        </Alert>
      ) : result.emails.length === 0 ? (
        <EmptyState
          title={to ? `No emails to ${to}` : "No emails yet"}
          description="Sign up or request a password reset to send one."
        />
      ) : (
        <ol className="space-y-4">
          {result.emails.map((email) => (
            <li key={email.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
              <h2 className="text-lg font-semibold wrap-anywhere">{email.subject}</h2>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-500">To</dt>
                <dd className="break-all">{email.to.join(", ")}</dd>
                <dt className="text-slate-500">From</dt>
                <dd className="break-all">{email.from}</dd>
                <dt className="text-slate-500">Sent</dt>
                <dd>
                  <DateTime value={email.created_at} />
                </dd>
              </dl>
              {email.text ? (
                <pre className="mt-4 overflow-x-auto rounded-lg bg-slate-50 p-3 font-sans text-sm whitespace-pre-wrap">
                  {linkify(email.text)}
                </pre>
              ) : (
                <p className="mt-4 text-sm text-slate-600">This email has no text part (HTML only).</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
