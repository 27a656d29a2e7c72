// When a driver's licence or insurance runs out, in words: the expiry is a calendar date (the last day it is valid,
// as printed on it), compared with today's date in the viewer's time zone, so "expires today" means the same day
// on the viewer's calendar wherever they are. Shared by the upload check (no date in the past) and the pages.

/** A calendar date "YYYY-MM-DD". */
export type TCalendarDate = string;

/** Today's date in IANA zone `zone`, "YYYY-MM-DD". */
export function todayIn(zone: string, now: Date = new Date()): TCalendarDate {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    now,
  );
}

/** A stored `@db.Date` (UTC midnight) or a "YYYY-MM-DD" as a calendar date. */
export function calendarDate(value: Date | TCalendarDate): TCalendarDate {
  return typeof value === "string" ? value : value.toISOString().slice(0, 10);
}

/** Whole days from calendar date `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: TCalendarDate, to: TCalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Within this many days of its expiry a document is flagged "expires soon" (a month to renew it). */
export const EXPIRES_SOON_DAYS = 30;

export type TExpiryState = {
  state: "expired" | "soon" | "valid";
  /** Days from today to the expiry date: 0 = expires today, negative = expired that many days ago. */
  days: number;
  /** "Expired 3 days ago", "Expires today", "Expires tomorrow", "Expires in 45 days". */
  label: string;
};

/** The state of a document valid through `expiresOn`, seen on `today` (both calendar dates). */
export function expiryState(expiresOn: Date | TCalendarDate, today: TCalendarDate): TExpiryState {
  const days = daysBetween(today, calendarDate(expiresOn));
  if (days < 0) {
    const ago = -days;
    return { state: "expired", days, label: ago === 1 ? "Expired yesterday" : `Expired ${ago} days ago` };
  }
  const label = days === 0 ? "Expires today" : days === 1 ? "Expires tomorrow" : `Expires in ${days} days`;
  return { state: days <= EXPIRES_SOON_DAYS ? "soon" : "valid", days, label };
}
