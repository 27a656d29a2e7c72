// The viewer's units (issue 10 §5): US customary (mi, lb, $/mi, °F, mph, in) or metric (km, kg, $/km, °C, km/h,
// mm). The database and the API keep SI-based values (metres, kg, cents, °C, km/h, mm); these helpers convert only
// for display and for what people type. Shared by the server render and the browser, so both print the same text.
//
// Conversion factors are exact by definition: the international mile is 1,609.344 m and the international avoirdupois
// pound 0.45359237 kg (US National Bureau of Standards, 1959 "Refinement of values for the yard and the pound").

export const unitSystems = ["us", "metric"] as const;
export type TUnitSystem = (typeof unitSystems)[number];

/** The cookie the browser keeps the viewer's units in (like the zone, tt_tz): read by the root layout. */
export const UNITS_COOKIE = "tt_units";
/** Until the browser has said otherwise: the marketplace's lanes are in the US. */
export const DEFAULT_UNITS: TUnitSystem = "us";

export const METRES_PER_MILE = 1609.344;
export const KG_PER_LB = 0.45359237;
const KM_PER_MILE = METRES_PER_MILE / 1000;

/** "us" | "metric" for a stored or typed value, else null. */
export function validUnits(raw: string | null | undefined): TUnitSystem | null {
  return raw === "us" || raw === "metric" ? raw : null;
}

/**
 * The units a browser locale implies: US customary for the United States, Liberia and Myanmar (the three countries
 * that have not adopted the metric system for everyday use, CIA World Factbook, Appendix G), metric elsewhere.
 * "en-US" → "us", "en-GB" → "metric", "en" (no region) → "us" (the default market), "" → the default.
 */
export function unitsForLocale(locale: string | null | undefined): TUnitSystem {
  if (!locale) return DEFAULT_UNITS;
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    return DEFAULT_UNITS;
  }
  if (!region) return DEFAULT_UNITS;
  return ["US", "LR", "MM", "PR", "GU", "VI", "AS", "MP", "UM"].includes(region) ? "us" : "metric";
}

const one = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** The distance unit's short name: "mi" or "km". */
export const distanceUnit = (u: TUnitSystem) => (u === "us" ? "mi" : "km");
/** The weight unit's short name: "lb" or "kg". */
export const weightUnit = (u: TUnitSystem) => (u === "us" ? "lb" : "kg");

/** Metres in the viewer's unit (miles or km), unrounded. */
export function metresToUnit(metres: number, u: TUnitSystem): number {
  return u === "us" ? metres / METRES_PER_MILE : metres / 1000;
}

/** A distance typed in the viewer's unit (miles or km) as metres, unrounded. */
export function unitToMetres(value: number, u: TUnitSystem): number {
  return u === "us" ? value * METRES_PER_MILE : value * 1000;
}

/** Kilograms in the viewer's unit (lb or kg), unrounded. */
export function kgToUnit(kg: number, u: TUnitSystem): number {
  return u === "us" ? kg / KG_PER_LB : kg;
}

/** A weight typed in the viewer's unit (lb or kg) as kilograms, unrounded. */
export function unitToKg(value: number, u: TUnitSystem): number {
  return u === "us" ? value * KG_PER_LB : value;
}

/** Metres as whole units: "1,204 mi" / "1,938 km"; "<1 mi" for less than one unit (0 m: "0 mi"). */
export function formatDistance(metres: number, u: TUnitSystem): string {
  const v = metresToUnit(metres, u);
  if (v > 0 && v < 1) return `<1 ${distanceUnit(u)}`;
  return `${whole.format(v)} ${distanceUnit(u)}`;
}

/** Kilograms as "2,205 lb" / "1,000 kg" (whole units). */
export function formatWeight(kg: number, u: TUnitSystem): string {
  return `${whole.format(kgToUnit(kg, u))} ${weightUnit(u)}`;
}

/**
 * Centimetres as "3 ft 11 in × 2 ft 7 in × 3 ft 3 in" (US customary, each side in feet and inches) or
 * "120 × 80 × 100 cm"; "?" for an unknown side, null when none is known.
 */
export function formatDimensions(
  d: { lengthCm: number | null; widthCm: number | null; heightCm: number | null },
  u: TUnitSystem,
): string | null {
  const parts = [d.lengthCm, d.widthCm, d.heightCm];
  if (parts.every((p) => p === null)) return null;
  if (u === "us") return parts.map((p) => (p === null ? "?" : formatLength(p, u))).join(" × ");
  return `${parts.map((p) => (p === null ? "?" : whole.format(p))).join(" × ")} cm`;
}

/** Cents per mile → cents per the viewer's distance unit (a mile's rate is 1.609344 times a km's), unrounded. */
export function perMileToUnit(centsPerMile: number, u: TUnitSystem): number {
  return u === "us" ? centsPerMile : centsPerMile / KM_PER_MILE;
}

/** Cents per the viewer's distance unit → cents per mile (what the API takes), unrounded. */
export function unitRateToPerMile(centsPerUnit: number, u: TUnitSystem): number {
  return u === "us" ? centsPerUnit : centsPerUnit * KM_PER_MILE;
}

/** A rate in cents per mile shown per the viewer's unit: "$2.15/mi" / "$1.34/km". */
export function formatRate(centsPerMile: number, u: TUnitSystem, currency = "USD"): string {
  const cents = Math.round(perMileToUnit(centsPerMile, u));
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
  return `${money}/${distanceUnit(u)}`;
}

/** °C as "21 °F" / "-6 °C" (whole degrees). */
export function formatTemperature(celsius: number, u: TUnitSystem): string {
  const v = u === "us" ? celsius * 1.8 + 32 : celsius;
  return `${whole.format(Math.round(v) === 0 ? 0 : v)} °${u === "us" ? "F" : "C"}`;
}

/** km/h as "31 mph" / "50 km/h" (whole). */
export function formatSpeed(kmh: number, u: TUnitSystem): string {
  return u === "us" ? `${whole.format(kmh / KM_PER_MILE)} mph` : `${whole.format(kmh)} km/h`;
}

/** Millimetres of precipitation an hour as "0.06 in/h" / "1.5 mm/h". */
export function formatPrecipitation(mm: number, u: TUnitSystem): string {
  if (u === "us") return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(mm / 25.4)} in/h`;
  return `${one.format(mm)} mm/h`;
}

/** Centimetres of snowfall an hour as "0.8 in/h" / "2.1 cm/h". */
export function formatSnowfall(cm: number, u: TUnitSystem): string {
  return u === "us" ? `${one.format(cm / 2.54)} in/h` : `${one.format(cm)} cm/h`;
}

/** The inch is exactly 2.54 cm (the same 1959 agreement). */
export const CM_PER_INCH = 2.54;

/** What a typed quantity measures: a weight (stored in kg, typed in lb or kg) or a length (stored in cm, in or cm). */
export type TQuantityKind = "weight" | "length";

/** The unit a quantity of `kind` is typed in: "lb" / "kg", "in" / "cm". */
export function quantityUnit(kind: TQuantityKind, u: TUnitSystem): string {
  return kind === "weight" ? weightUnit(u) : u === "us" ? "in" : "cm";
}

/** A stored quantity (kg or cm) in the viewer's unit, unrounded. */
export function storedToUnit(kind: TQuantityKind, stored: number, u: TUnitSystem): number {
  if (u === "metric") return stored;
  return kind === "weight" ? kgToUnit(stored, u) : stored / CM_PER_INCH;
}

/** The text a number field shows for a stored quantity: whole viewer units ("2205" for 1,000 kg in lb), "" for none. */
export function quantityText(kind: TQuantityKind, stored: number | null | undefined, u: TUnitSystem): string {
  if (stored === null || stored === undefined || !Number.isFinite(stored)) return "";
  return String(Math.round(storedToUnit(kind, stored, u)));
}

/**
 * What a number field's text stores: whole kg or cm (rounded) from a number typed in the viewer's unit; undefined
 * for a blank field; NaN for text that is not a number (the schema then reports it).
 */
export function quantityFromText(kind: TQuantityKind, text: string, u: TUnitSystem): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const v = Number(t);
  if (!Number.isFinite(v)) return Number.NaN;
  if (u === "metric") return Math.round(v);
  return Math.round(kind === "weight" ? unitToKg(v, u) : v * CM_PER_INCH);
}

/** A length in centimetres as "7 ft 10 in" / "10 in" (whole inches) or "2.4 m" / "85 cm". */
export function formatLength(cm: number, u: TUnitSystem): string {
  if (u === "metric") {
    return cm < 100
      ? `${whole.format(cm)} cm`
      : `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(cm / 100)} m`;
  }
  const inches = Math.round(cm / CM_PER_INCH);
  const feet = Math.floor(inches / 12);
  const rest = inches % 12;
  if (feet === 0) return `${rest} in`;
  return rest === 0 ? `${whole.format(feet)} ft` : `${whole.format(feet)} ft ${rest} in`;
}
