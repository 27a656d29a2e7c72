// The date range every analytics page takes: whole UTC calendar days, both ends included.
import { z } from "zod";

/** The longest range a page may ask for, in days (a leap year). */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const DAY_MESSAGE = "Enter a date as YYYY-MM-DD.";

const ZDaySchema = z
  .string({ error: DAY_MESSAGE })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DAY_MESSAGE })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "2000-01-01" && s <= "2100-12-31";
    },
    { error: "Enter a real date between 2000 and 2100." },
  );

/** `{ from, to }` as `YYYY-MM-DD` UTC days, `from` <= `to`, at most MAX_RANGE_DAYS days. */
export const ZAnalyticsRangeSchema = z
  .object({ from: ZDaySchema, to: ZDaySchema })
  .refine((r) => r.from <= r.to, { error: "The start must be on or before the end.", path: ["from"] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / DAY_MS < MAX_RANGE_DAYS, {
    error: `Choose at most ${MAX_RANGE_DAYS} days.`,
    path: ["to"],
  });

export type TAnalyticsRange = z.infer<typeof ZAnalyticsRangeSchema>;

/** The last `days` UTC days ending today (`now`'s UTC day), as a range. */
export function lastDays(days: number, now = new Date()): TAnalyticsRange {
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const from = new Date(to.getTime() - (days - 1) * DAY_MS);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}
