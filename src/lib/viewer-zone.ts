// The viewer's time zone, shared by the server render and the browser so both format every instant alike (no
// hydration mismatch, no page that shows UTC after a reload and local time after a click). The browser writes its
// IANA zone into a cookie (ViewerZoneSync); the root layout reads it on each request and hands it to every
// <DateTime>. Until the browser has said (its very first page), the zone is UTC, named as such, and the page
// refreshes once with the right one.

/** Cookie holding the browser's IANA zone, e.g. "America/Chicago". Not secret, not HttpOnly: the browser sets it. */
export const VIEWER_ZONE_COOKIE = "tt_tz";

/** The zone used before the browser has told us its own. */
export const DEFAULT_VIEWER_ZONE = "UTC";

/**
 * `raw` when it is an IANA zone this runtime knows (at most 64 characters), else null. Cookie values are user
 * input: an unknown zone would make Intl throw a RangeError in every render.
 */
export function validZone(raw: string | undefined | null): string | null {
  if (!raw || raw.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(raw)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formats = {
  date: { dateStyle: "medium" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * `date` formatted in `zone` (IANA): "date" → "Nov 30, 2026"; "datetime" → "Nov 30, 2026, 3:40 PM CST" (the zone's
 * short name, or its GMT offset where the locale has no abbreviation). English, US conventions, as the rest of the
 * app. Throws RangeError for a zone Intl does not know (pass a validZone result).
 */
export function formatInZone(date: Date, format: "date" | "datetime", zone: string): string {
  if (format === "date") return new Intl.DateTimeFormat("en-US", { ...formats.date, timeZone: zone }).format(date);
  const text = new Intl.DateTimeFormat("en-US", { ...formats.datetime, timeZone: zone }).format(date);
  return `${text} ${zoneName(date, zone)}`;
}

/** The zone's short name at `date`: "CST", "CDT", "UTC", or "GMT+9" where en-US has no abbreviation. */
export function zoneName(date: Date, zone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? zone;
}
