// The frame of the public tracking pages: a plain header back to the home page, no account menu. Its links are plain
// anchors, not next/link: a recipient leaving the tracking page loads the home page afresh anyway, and next/link's
// router code would be part of the page's first-load JavaScript (about 3.5 kB gzip per page and boundary; npm run
// bench:bundle, issue 9: under 150 kB).
import type { ReactNode } from "react";

export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center px-4 sm:px-6">
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full page load on purpose (see the file comment) */}
          <a href="/" className="flex min-h-14 items-center font-bold text-brand-700">
            Trial Transport
          </a>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-6 sm:px-6 sm:py-10">
        {children}
      </main>
    </div>
  );
}

export function Message({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-6 py-10 text-center shadow-sm">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      <p className="mx-auto mt-2 max-w-prose text-slate-700">{children}</p>
      <p className="mt-6">
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full page load on purpose (see the file comment) */}
        <a href="/" className="font-medium text-brand-700 underline">
          Go to Trial Transport
        </a>
      </p>
    </div>
  );
}
