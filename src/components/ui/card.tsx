import type { ReactNode } from "react";
import { useId } from "react";

import { cx } from "./cx";

type TCardProps = {
  /** When set, the card is a <section> labelled by this heading. */
  title?: ReactNode;
  description?: ReactNode;
  /** Rendered at the end of the header row (buttons, links). */
  actions?: ReactNode;
  headingLevel?: 2 | 3;
  children?: ReactNode;
  className?: string;
};

export function Card({ title, description, actions, headingLevel = 2, children, className }: TCardProps) {
  const headingId = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const classes = cx("rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className);
  if (!title) return <div className={classes}>{children}</div>;
  return (
    <section aria-labelledby={headingId} className={classes}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <Heading id={headingId} className="text-lg font-semibold">
            {title}
          </Heading>
          {description ? <p className="text-sm text-slate-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
