"use client";

import { useEffect } from "react";

import { reportBrowserError } from "~/components/monitoring/browser-monitoring";
import { buttonClasses } from "~/components/ui/button";

/**
 * What an error boundary shows: a plain apology, a way to retry, and the reference support needs. A server error's
 * `digest` is that reference: the server logged it beside the request id (src/server/log/report-error.ts).
 */
export function ErrorPanel({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => reportBrowserError(error), [error]);
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-6 px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">Trial Transport</p>
      <div className="space-y-3" role="alert">
        <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
        <p className="text-slate-600">This page could not be shown. Please try again in a moment.</p>
        {error.digest ? (
          <p className="text-sm text-slate-600">
            If it keeps happening, contact support and quote reference:{" "}
            <code className="font-mono">{error.digest}</code>
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={reset} className={buttonClasses()}>
          Try again
        </button>
        {/* A plain link, not next/link: after an error a full page load starts from a clean state, and every page
            loads this boundary before first paint, where next/link's router code would cost the public tracking
            page about 3.5 kB gzip per boundary (npm run bench:bundle). */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full page load on purpose (see above) */}
        <a href="/" className={buttonClasses({ variant: "secondary" })}>
          Home page
        </a>
      </div>
    </main>
  );
}
