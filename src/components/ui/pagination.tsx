import Link from "next/link";

import { cx } from "./cx";

type TPaginationProps = {
  /** The link to the page before this one (its `before` cursor), or null on the first page. */
  previousHref: string | null;
  /** The link to the page after this one (its `after` cursor), or null on the last page. */
  nextHref: string | null;
  /** The 1-based number of the first row on this page, the rows on it, and how many match in all. */
  first: number;
  count: number;
  total: number;
  pageSize: number;
  /** Accessible name of the <nav>. */
  label?: string;
  className?: string;
};

const item = "inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-medium";

/**
 * Previous / Next for a list paged by cursor (keyset): each link continues from a row of this page, so rows added
 * while someone reads never repeat or go missing between pages. The page number is where this page sits now.
 */
export function Pagination({
  previousHref,
  nextHref,
  first,
  count,
  total,
  pageSize,
  label = "Pagination",
  className,
}: TPaginationProps) {
  if (!previousHref && !nextHref) return null;
  const page = Math.floor((first - 1) / pageSize) + 1;
  const pageCount = Math.max(page, Math.ceil(total / pageSize), first - 1 + count < total ? page + 1 : page);
  return (
    <nav aria-label={label} className={cx("flex items-center justify-between gap-2", className)}>
      {previousHref ? (
        <Link href={previousHref} className={cx(item, "border border-slate-300 bg-white hover:bg-slate-100")}>
          <span aria-hidden>←</span>&nbsp;Previous
        </Link>
      ) : (
        <span aria-hidden className={cx(item, "border border-slate-200 text-slate-500")}>
          ← Previous
        </span>
      )}
      <p className="text-sm text-slate-600">
        Page {page} of {pageCount}
      </p>
      {nextHref ? (
        <Link href={nextHref} className={cx(item, "border border-slate-300 bg-white hover:bg-slate-100")}>
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
