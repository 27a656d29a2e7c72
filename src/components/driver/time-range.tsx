"use client";

import { useViewerZone } from "~/components/time/viewer-zone";
import { cx } from "~/components/ui/cx";
import { zoneName } from "~/lib/viewer-zone";

const dayTime: Intl.DateTimeFormatOptions = {
  weekday: "short",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
};
const timeOnly: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

/** The calendar day of `date` in `zone`, as "2026-3-3". */
function dayIn(date: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" }).format(
    date,
  );
}

/**
 * "Tue, Mar 3, 9:00 AM – 11:00 AM CST" in `zone` (IANA): the day once when both ends share it, the zone named once
 * at the end (each end's own name when daylight saving time changes in between).
 */
export function formatTimeRange(start: Date, end: Date, zone: string): { from: string; to: string } {
  const endFormat = dayIn(start, zone) === dayIn(end, zone) ? timeOnly : dayTime;
  const startZone = zoneName(start, zone);
  const endZone = zoneName(end, zone);
  const from = new Intl.DateTimeFormat("en-US", { ...dayTime, timeZone: zone }).format(start);
  const to = new Intl.DateTimeFormat("en-US", { ...endFormat, timeZone: zone }).format(end);
  return startZone === endZone
    ? { from, to: `${to} ${endZone}` }
    : { from: `${from} ${startZone}`, to: `${to} ${endZone}` };
}

/** A time window in the viewer's zone (useViewerZone: identical on the server render and in the browser), named. */
export function TimeRange({ start, end, className }: { start: Date; end: Date; className?: string }) {
  const { from, to } = formatTimeRange(start, end, useViewerZone());
  return (
    <span className={cx(className)}>
      <time dateTime={start.toISOString()}>{from}</time>
      {" – "}
      <time dateTime={end.toISOString()}>{to}</time>
    </span>
  );
}
