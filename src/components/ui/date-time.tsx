import { cx } from "./cx";

export type TDateTimeFormat = "date" | "datetime" | "relative";

const formats: Record<Exclude<TDateTimeFormat, "relative">, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
};

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

export function formatDateTime(value: Date | string, format: TDateTimeFormat = "datetime"): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (format === "relative") return relativeTime(date);
  return new Intl.DateTimeFormat("en", formats[format]).format(date);
}

/**
 * A <time> element. The server and the browser may differ in time zone (and "relative" in now), so the text is
 * allowed to change on hydration; the full timestamp is in the title.
 */
export function DateTime({
  value,
  format = "datetime",
  className,
}: {
  value: Date | string;
  format?: TDateTimeFormat;
  className?: string;
}) {
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time
      dateTime={date.toISOString()}
      title={formatDateTime(date, "datetime")}
      suppressHydrationWarning
      className={cx(className)}
    >
      {formatDateTime(date, format)}
    </time>
  );
}
