// en-US formatting of analytics figures: USD from integer cents, distances (the services' miles, shown in the
// viewer's units), shares and durations.
import {
  formatDistance,
  formatRate as formatMoneyRate,
  METRES_PER_MILE,
  metresToUnit,
  type TUnitSystem,
} from "~/lib/units";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const usdCompact = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});
const count = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

export type TUnit = "usd" | "count" | "miles";

/** Integer cents as "$1,234.50". */
export const formatCents = (cents: number) => usd.format(cents / 100);
/** A whole number as "1,234". */
export const formatCount = (n: number) => count.format(n);
/** Miles (as the analytics services count them) in the viewer's units: "1,234 mi" / "1,986 km". */
export const formatMiles = (miles: number, units: TUnitSystem = "us") => formatDistance(miles * METRES_PER_MILE, units);
/** A share 0–1 as "87.5%", or "—" when there is none. */
export const formatRate = (r: number | null) => (r === null ? "—" : percent.format(r));
/** Cents per mile in the viewer's units: "$2.41/mi" / "$1.50/km", or "—". */
export const formatPerMile = (c: number | null, units: TUnitSystem = "us") =>
  c === null ? "—" : formatMoneyRate(c, units);

/** Seconds as "3 h 20 min" / "45 min" / "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h >= 48) return `${count.format(Math.round(h / 24))} days`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A value of `unit` in full (tables, tooltips); miles in the viewer's `units`. */
export function formatValue(unit: TUnit, v: number, units: TUnitSystem = "us"): string {
  return unit === "usd" ? formatCents(v) : unit === "miles" ? formatMiles(v, units) : formatCount(v);
}

/** A value of `unit` kept short for a chart axis; miles as the viewer's miles or km. */
export function formatAxis(unit: TUnit, v: number, units: TUnitSystem = "us"): string {
  if (unit === "usd") return usdCompact.format(v / 100);
  return compact.format(unit === "miles" ? metresToUnit(v * METRES_PER_MILE, units) : v);
}

/** `YYYY-MM-DD` as "Mar 3" (UTC), `YYYY-MM` as "Mar 2025". */
export function formatDayLabel(day: string): string {
  const d = new Date(`${day.length === 7 ? `${day}-01` : day}T00:00:00Z`);
  return day.length === 7
    ? d.toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" })
    : d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
