"use client";

import { useEffect, useState } from "react";

import { useViewerZone } from "~/components/time/viewer-zone";
import { formatInZone } from "~/lib/viewer-zone";
import { cx } from "./cx";

export type TDateTimeFormat = "date" | "datetime" | "relative";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "5 minutes ago", "in 2 days", "just now". */
export function relativeTime(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/**
 * A <time> element in the viewer's zone (useViewerZone: the same on the server render and in the browser), the
 * zone named for date-times ("Nov 30, 2026, 3:40 PM CST"); the full date-time with its zone is in the title.
 * "relative" depends on the clock, which the server and the browser do not share: it renders the date-time first
 * and turns relative once mounted, so hydration never disagrees.
 */
export function DateTime({
  value,
  format = "datetime",
  zone: stopZone,
  className,
}: {
  value: Date | string;
  format?: TDateTimeFormat;
  /** Show it in this IANA zone instead of the viewer's: a stop's window edge in the dock's local time. */
  zone?: string | null;
  className?: string;
}) {
  const viewerZone = useViewerZone();
  const zone = stopZone ?? viewerZone;
  const date = typeof value === "string" ? new Date(value) : value;
  const full = formatInZone(date, "datetime", zone);
  const [relative, setRelative] = useState<string | null>(null);
  useEffect(() => {
    if (format === "relative") setRelative(relativeTime(date));
  }, [format, date.getTime()]); // eslint-disable-line react-hooks/exhaustive-deps -- the instant, not the object
  const text = format === "relative" ? (relative ?? full) : format === "date" ? formatInZone(date, "date", zone) : full;
  return (
    <time dateTime={date.toISOString()} title={full} className={cx(className)}>
      {text}
    </time>
  );
}
