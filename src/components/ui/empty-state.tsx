import type { ReactNode } from "react";

import { cx } from "./cx";

type TEmptyStateProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Usually one button or link: what the user can do next. */
  action?: ReactNode;
  className?: string;
};

export function EmptyState({ title, description, action, className }: TEmptyStateProps) {
  return (
    <div className={cx("rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center", className)}>
      <p className="font-semibold text-slate-900">{title}</p>
      {description ? <p className="mx-auto mt-1 max-w-prose text-sm text-slate-600">{description}</p> : null}
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  );
}
