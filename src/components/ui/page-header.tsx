import Link from "next/link";
import type { ReactNode } from "react";

type TPageHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons or links shown beside the title (below it on a phone). */
  actions?: ReactNode;
  /** A "back" link above the title, e.g. { href: "/admin/users", label: "All users" }. */
  back?: { href: string; label: string };
};

/** The page's one <h1>. */
export function PageHeader({ title, description, actions, back }: TPageHeaderProps) {
  return (
    <div className="mb-6 space-y-2">
      {back ? (
        <Link
          href={back.href}
          className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
        >
          <span aria-hidden>←</span> {back.label}
        </Link>
      ) : null}
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h1 className="text-2xl font-bold tracking-tight wrap-anywhere sm:text-3xl">{title}</h1>
          {description ? <p className="text-slate-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
    </div>
  );
}
