// Stop-local time: each stop's IANA zone comes from its coordinates (offline, @photostructure/tz-lookup), and its
// time window is entered and shown as wall-clock time in that zone, named, whoever looks and wherever they are.
// Wall time ↔ instant goes through @date-fns/tz (TZDate, tzOffset); no hand-written offset arithmetic beyond
// reading the zone's offset on each side of a transition.
import { TZDate, tzOffset } from "@date-fns/tz";
import tzLookup from "@photostructure/tz-lookup";
import { format } from "date-fns";

import { zoneName } from "./viewer-zone";

/** The years a stop's time may fall in: anything outside is a typing slip, not a load. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The IANA zone at WGS84 `lat`/`lng` (degrees), e.g. "America/Chicago"; at sea an "Etc/GMT±n" zone. */
export function zoneAt(lat: number, lng: number): string {
  return tzLookup(lat, lng);
}

/** `instant` as wall-clock time in `zone`, in the `<input type="datetime-local">` form "2026-03-08T09:30". */
export function toWallTime(instant: Date, zone: string): string {
  return format(new TZDate(instant.getTime(), zone), "yyyy-MM-dd'T'HH:mm");
}

/**
 * The instant a wall-clock time `wall` ("YYYY-MM-DDTHH:mm", as a datetime-local input gives it) names in `zone`:
 * - `{ kind: "ok", instant }`;
 * - `{ kind: "gap" }` when that time does not exist there (clocks jump forward over it, e.g. 2:30 AM on the second
 *   Sunday of March in Chicago);
 * - `{ kind: "ambiguous", earlier, later }` when it happens twice (clocks fall back over it, e.g. 1:30 AM on the first
 *   Sunday of November in Chicago): the caller must ask which;
 * - `{ kind: "invalid", reason }` for text that is not such a time: `reason` "format" (not "YYYY-MM-DDTHH:mm") or
 *   "date" (not a real calendar date and time: month 1–12, a day the month has, hour 0–23, minute 0–59, a year
 *   from MIN_YEAR to MAX_YEAR).
 * Zone offsets are read 12 hours on either side, which covers every transition in the tz database.
 */
export function fromWallTime(
  wall: string,
  zone: string,
):
  | { kind: "ok"; instant: Date }
  | { kind: "gap" }
  | { kind: "ambiguous"; earlier: Date; later: Date }
  | { kind: "invalid"; reason: "format" | "date" } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wall);
  if (!m) return { kind: "invalid", reason: "format" };
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  // Calendar fields first: month 13 or day 31 of April would otherwise roll over into another date (and read as a
  // daylight-saving gap), year 0000 into 1900.
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) {
    return { kind: "invalid", reason: "date" };
  }
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(asUtc);
  if (Number.isNaN(asUtc) || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return { kind: "invalid", reason: "date" };
  }
  const offsets = new Set([
    tzOffset(zone, new Date(asUtc - 12 * 3600_000)),
    tzOffset(zone, new Date(asUtc + 12 * 3600_000)),
  ]);
  const candidates = [...offsets]
    .map((offsetMin) => new Date(asUtc - offsetMin * 60_000))
    .filter((instant) => toWallTime(instant, zone) === wall)
    .sort((a, b) => a.getTime() - b.getTime());
  if (candidates.length === 0) return { kind: "gap" };
  if (candidates.length === 1) return { kind: "ok", instant: candidates[0]! };
  return { kind: "ambiguous", earlier: candidates[0]!, later: candidates.at(-1)! };
}

/**
 * A stop's window in the stop's zone, named once: "Tue, Dec 1, 9:00 – 11:00 AM CST" (the day once when both ends
 * share it; each end named when daylight saving time changes in between). `from`/`to` are the two halves, for
 * callers that put each in its own <time>.
 */
export function formatStopWindow(start: Date, end: Date, zone: string): { from: string; to: string; text: string } {
  const s = new TZDate(start.getTime(), zone);
  const e = new TZDate(end.getTime(), zone);
  const sameDay = format(s, "yyyy-MM-dd") === format(e, "yyyy-MM-dd");
  const sameHalf = sameDay && format(s, "a") === format(e, "a");
  const startZone = zoneName(start, zone);
  const endZone = zoneName(end, zone);
  let from = format(s, sameHalf ? "EEE, MMM d, h:mm" : "EEE, MMM d, h:mm a");
  const to = `${format(e, sameDay ? "h:mm a" : "EEE, MMM d, h:mm a")} ${endZone}`;
  if (startZone !== endZone) from = `${format(s, "EEE, MMM d, h:mm a")} ${startZone}`;
  return { from, to, text: `${from} – ${to}` };
}

/**
 * The next full hour after `now` as wall-clock time in `zone` ("2026-12-01T04:00"): a sensible default for a new
 * window end that must be in the future.
 */
export function nextFullHourWall(now: Date, zone: string): string {
  const local = new TZDate(now.getTime(), zone);
  const next = new TZDate(local.getTime() + 3600_000, zone);
  next.setMinutes(0, 0, 0);
  return toWallTime(next, zone);
}
