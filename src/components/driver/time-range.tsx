import { cx } from "~/components/ui/cx";

const dayTime: Intl.DateTimeFormatOptions = {
  weekday: "short",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
};
const timeOnly: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "Tue, Mar 3, 9:00 AM – 11:00 AM" (the day once when both ends share it). */
export function formatTimeRange(start: Date, end: Date): string {
  const endFormat = sameDay(start, end) ? timeOnly : dayTime;
  return `${new Intl.DateTimeFormat("en-US", dayTime).format(start)} – ${new Intl.DateTimeFormat("en-US", endFormat).format(end)}`;
}

/**
 * A time window. The server and the phone may be in different time zones, so the text may change on hydration
 * (the browser's zone wins).
 */
export function TimeRange({ start, end, className }: { start: Date; end: Date; className?: string }) {
  const endFormat = sameDay(start, end) ? timeOnly : dayTime;
  return (
    <span className={cx(className)}>
      <time dateTime={start.toISOString()} suppressHydrationWarning>
        {new Intl.DateTimeFormat("en-US", dayTime).format(start)}
      </time>
      {" – "}
      <time dateTime={end.toISOString()} suppressHydrationWarning>
        {new Intl.DateTimeFormat("en-US", endFormat).format(end)}
      </time>
    </span>
  );
}
