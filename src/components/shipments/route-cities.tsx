// In a file of its own: the public tracking page needs only this, not the stop windows (and the time-zone data)
// that route-summary.tsx brings into the browser.
import type { ReactNode } from "react";

import { cx } from "~/components/ui/cx";

/** "Chicago → Detroit" (screen readers say "right arrow", which reads fine between two places). */
export function RouteCities({ from, to, className }: { from: ReactNode; to: ReactNode; className?: string }) {
  return (
    <p className={cx("wrap-anywhere", className)}>
      {from} → {to}
    </p>
  );
}
