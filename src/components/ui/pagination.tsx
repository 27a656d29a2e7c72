import Link from "next/link";

import { cx } from "./cx";

type TPaginationProps = {
  page: number;
  pageCount: number;
  /** Builds the link for a page, keeping the other search params (filters) as they are. */
  hrefFor: (page: number) => string;
  /** Accessible name of the <nav>. */
  label?: string;
  className?: string;
};

/** Page numbers with gaps: 1 … 4 5 6 … 20. */
export function pageWindow(page: number, pageCount: number): (number | "gap")[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  for (const p of sorted) {
    const prev = out.at(-1);
    if (typeof prev === "number" && p - prev === 2) out.push(prev + 1);
    else if (typeof prev === "number" && p - prev > 2) out.push("gap");
    out.push(p);
  }
  return out;
}

const item = "inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-medium";

export function Pagination({ page, pageCount, hrefFor, label = "Pagination", className }: TPaginationProps) {
  if (pageCount <= 1) return null;
  const prev = page > 1 ? page - 1 : null;
  const next = page < pageCount ? page + 1 : null;
  return (
    <nav aria-label={label} className={cx("flex items-center justify-between gap-2", className)}>
      {prev ? (
        <Link href={hrefFor(prev)} className={cx(item, "border border-slate-300 bg-white hover:bg-slate-100")}>
          <span aria-hidden>←</span>&nbsp;Previous
        </Link>
      ) : (
        <span aria-hidden className={cx(item, "border border-slate-200 text-slate-500")}>
          ← Previous
        </span>
      )}
      <p className="text-sm text-slate-600 sm:hidden">
        Page {page} of {pageCount}
      </p>
      <ul className="hidden items-center gap-1 sm:flex">
        {pageWindow(page, pageCount).map((p, i) =>
          p === "gap" ? (
            <li key={`gap-${i}`} aria-hidden className="px-1 text-slate-500">
              …
            </li>
          ) : (
            <li key={p}>
              <Link
                href={hrefFor(p)}
                aria-current={p === page ? "page" : undefined}
                aria-label={`Page ${p}`}
                className={cx(item, p === page ? "bg-brand-600 text-white" : "hover:bg-slate-100")}
              >
                {p}
              </Link>
            </li>
          ),
        )}
      </ul>
      {next ? (
        <Link href={hrefFor(next)} className={cx(item, "border border-slate-300 bg-white hover:bg-slate-100")}>
          Next&nbsp;<span aria-hidden>→</span>
        </Link>
      ) : (
        <span aria-hidden className={cx(item, "border border-slate-200 text-slate-500")}>
          Next →
        </span>
      )}
    </nav>
  );
}
