"use client";

import { useViewerZone } from "~/components/time/viewer-zone";
import { cx } from "~/components/ui/cx";
import { formatStopWindow } from "~/lib/stop-zone";

/**
 * A time window, "Tue, Dec 1, 9:00 – 11:00 AM CST", in `zone` (IANA): a stop's window in the stop's own zone, so
 * everyone reads the dock's local hours; without `zone`, in the viewer's (useViewerZone). Identical on the server
 * render and in the browser.
 */
export function TimeRange({
  start,
  end,
  zone,
  className,
}: {
  start: Date;
  end: Date;
  zone?: string;
  className?: string;
}) {
  const viewer = useViewerZone();
  const { from, to } = formatStopWindow(start, end, zone ?? viewer);
  return (
    <span className={cx(className)}>
      <time dateTime={start.toISOString()}>{from}</time>
      {" – "}
      <time dateTime={end.toISOString()}>{to}</time>
    </span>
  );
}
