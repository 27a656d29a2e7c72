import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";

import { Alert } from "~/components/ui/alert";
import { Badge, type TBadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { TextField } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { env } from "~/env";
import { loadDevOutbox, type TOutboxItem, type TOutboxSource } from "~/server/dev/outbox";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };

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

const smsTone: Record<string, TBadgeTone> = {
  delivered: "success",
  received: "brand",
  failed: "danger",
  undelivered: "danger",
};

/** Why a stand-in's list is missing: not configured, or not reachable. */
function SourceProblem({ name, variable, source }: { name: string; variable: string; source: TOutboxSource }) {
  if (source === null) {
    return (
      <Alert tone="warning" title={`${variable} is not set`}>
        Start the app with <code>npm run dev</code> (it starts the devstack), or set {variable} to the {name}{" "}
        stand-in&apos;s URL.
      </Alert>
    );
  }
  if (!source.ok) {
    return (
      <Alert tone="error" title={`Could not read the ${name} outbox`}>
        {source.message}
      </Alert>
    );
  }
  return null;
}

function OutboxEntry({ item }: { item: TOutboxItem }) {
  const isSms = item.kind === "sms";
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={isSms ? "brand" : "neutral"}>
          {isSms ? (item.direction === "inbound" ? "SMS reply" : "SMS") : "Email"}
        </Badge>
        <h2 className="text-lg font-semibold wrap-anywhere">{isSms ? `Text to ${item.to}` : item.subject}</h2>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">To</dt>
        <dd className="break-all">{isSms ? item.to : item.to.join(", ")}</dd>
        <dt className="text-slate-500">From</dt>
        <dd className="break-all">{item.from}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd>
          <Badge tone={isSms ? (smsTone[item.status] ?? "neutral") : "neutral"}>{item.status}</Badge>
          {isSms && item.errorCode !== null ? <span className="ml-2">Twilio error {item.errorCode}</span> : null}
        </dd>
        <dt className="text-slate-500">Sent</dt>
        <dd>
          <DateTime value={item.at} />
        </dd>
      </dl>
      {isSms ? (
        <p className="mt-4 rounded-lg bg-slate-50 p-3 text-sm whitespace-pre-wrap wrap-anywhere">
          {linkify(item.body)}
        </p>
      ) : item.text ? (
        <pre className="mt-4 overflow-x-auto rounded-lg bg-slate-50 p-3 font-sans text-sm whitespace-pre-wrap">
          {linkify(item.text)}
        </pre>
      ) : (
        <p className="mt-4 text-sm text-slate-600">This email has no text part (HTML only).</p>
      )}
    </li>
  );
}

export default async function DevOutboxPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  if (env.NODE_ENV === "production") notFound();
  const to = firstParam((await searchParams).to)?.trim() || undefined;
  const outbox = await loadDevOutbox({
    resendUrl: env.RESEND_BASE_URL ?? null,
    twilioUrl: env.TWILIO_BASE_URL ?? null,
    to,
  });

  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Dev outbox"
        description="Emails and texts the local Resend and Twilio stand-ins received, newest first, times in your zone. Development only."
        actions={<Badge tone="warning">Development</Badge>}
      />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3">
        <TextField
          label="Recipient (email or phone)"
          name="to"
          type="text"
          inputMode="email"
          defaultValue={to}
          placeholder="someone@example.test or +1 312 555 0100"
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

      <div className="mb-4 space-y-3 empty:hidden">
        <SourceProblem name="Resend" variable="RESEND_BASE_URL" source={outbox.email} />
        <SourceProblem name="Twilio" variable="TWILIO_BASE_URL" source={outbox.sms} />
      </div>

      {outbox.items.length === 0 ? (
        <EmptyState
          title={to ? `Nothing sent to ${to}` : "Nothing sent yet"}
          description="Sign up, request a password reset or move a shipment along to send an email or a text."
        />
      ) : (
        <ol className="space-y-4">
          {outbox.items.map((item) => (
            <OutboxEntry key={`${item.kind}:${item.id}`} item={item} />
          ))}
        </ol>
      )}
    </main>
  );
}
