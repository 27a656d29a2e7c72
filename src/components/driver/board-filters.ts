// The load board's filters as they live in the URL (?near=chicago&within=150&dest=region:midwest&from=2026-12-01
// &to=2026-12-03&minRate=2.5&vehicle=VAN&sort=rate) and the `driver.loadBoard` input they stand for. Shared by the
// page (server prefetch) and the board (browser). The URL speaks miles and dollars; the API metres and cents.
import { knownCities } from "~/components/shipments/known-cities";
import type { VehicleType } from "~/generated/prisma/enums";
import type { TLatLng } from "~/lib/geo";
import { METRES_PER_MILE } from "~/lib/geo";
import { LOAD_BOARD_PAGE, loadBoardSorts, MAX_RADIUS_METRES, type TLoadBoardSort } from "~/lib/schemas/load-board";
import { metresToUnit, type TUnitSystem, unitRateToPerMile, unitToMetres } from "~/lib/units";
import { destinationValues } from "~/lib/us-states";
import { vehicleTypes } from "~/lib/vehicles";
import { localDay } from "../shipments/list-filters";

export type TBoardFilters = {
  /** "" (the driver: phone, else base) or a known city's key. */
  near: string;
  /** Whole miles as typed, or "". */
  within: string;
  /** A state code, "region:<key>", or "". */
  dest: string;
  /** "YYYY-MM-DD" (a date input's value: the viewer's day) or "". */
  from: string;
  to: string;
  /** Dollars per mile as typed ("2.50"), or "". */
  minRate: string;
  vehicle: VehicleType | "";
  sort: TLoadBoardSort;
};

export const noBoardFilters: TBoardFilters = {
  near: "",
  within: "",
  dest: "",
  from: "",
  to: "",
  minRate: "",
  vehicle: "",
  sort: "distance",
};

/** The widest radius in whole miles (the API's 5,000 km). */
export const MAX_RADIUS_MILES = Math.floor(MAX_RADIUS_METRES / METRES_PER_MILE);
/** The widest radius in whole units of `units` (3,106 mi or 5,000 km). */
export const maxRadius = (units: TUnitSystem) => Math.floor(metresToUnit(MAX_RADIUS_METRES, units));
export const MAX_RATE_DOLLARS = 1000;

type TParamsLike = { get(name: string): string | null };

const wholeMiles = /^\d{1,4}$/;
const dollars = /^\d{1,4}(\.\d{1,2})?$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a typed radius (whole miles, or whole km for metric), or null when it is fine (or empty). */
export function withinError(value: string, units: TUnitSystem = "us"): string | null {
  if (!value) return null;
  const max = maxRadius(units);
  if (!wholeMiles.test(value) || Number(value) < 1 || Number(value) > max) {
    return `Enter whole ${units === "us" ? "miles" : "kilometres"} from 1 to ${max.toLocaleString("en-US")}.`;
  }
  return null;
}

/** What is wrong with a typed minimum rate (dollars per mile, or per km for metric), or null when fine (or empty). */
export function minRateError(value: string, units: TUnitSystem = "us"): string | null {
  if (!value) return null;
  if (!dollars.test(value) || Number(value) > MAX_RATE_DOLLARS) {
    return units === "us" ? "Enter dollars per mile, like 2.50." : "Enter dollars per km, like 1.50.";
  }
  return null;
}

/**
 * Unknown or malformed values are dropped rather than failing the page (a link may be old or hand-edited).
 * `within` and `minRate` are read in the viewer's units (miles and $/mi, or km and $/km).
 */
export function parseBoardFilters(params: TParamsLike, units: TUnitSystem = "us"): TBoardFilters {
  const get = (name: string) => (params.get(name) ?? "").trim();
  const near = get("near");
  const within = get("within");
  const dest = get("dest");
  const from = get("from");
  const to = get("to");
  const minRate = get("minRate");
  const vehicle = get("vehicle");
  const sort = get("sort");
  return {
    near: knownCities.some((c) => c.key === near) ? near : "",
    within: withinError(within, units) ? "" : within,
    dest: (destinationValues as readonly string[]).includes(dest) ? dest : "",
    from: isoDate.test(from) && localDay(from, "start") ? from : "",
    to: isoDate.test(to) && localDay(to, "end") ? to : "",
    minRate: minRateError(minRate, units) ? "" : minRate,
    vehicle: (vehicleTypes as readonly string[]).includes(vehicle) ? (vehicle as VehicleType) : "",
    sort: (loadBoardSorts as readonly string[]).includes(sort) ? (sort as TLoadBoardSort) : "distance",
  };
}

/** The query string for `f` (defaults left out, so the plain board is plain /driver). */
export function boardFiltersToSearch(f: TBoardFilters): string {
  const params = new URLSearchParams();
  if (f.near) params.set("near", f.near);
  if (f.within) params.set("within", f.within);
  if (f.dest) params.set("dest", f.dest);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (f.minRate) params.set("minRate", f.minRate);
  if (f.vehicle) params.set("vehicle", f.vehicle);
  if (f.sort !== "distance") params.set("sort", f.sort);
  return params.toString();
}

/** True when anything narrows the board (the sort alone does not). */
export function hasBoardFilters(f: TBoardFilters): boolean {
  return !!(f.near || f.within || f.dest || f.from || f.to || f.minRate || f.vehicle);
}

/**
 * The `driver.loadBoard` input for `f` (without cursor: the infinite query adds it). Miles (or km, for metric
 * `units`) become metres (rounded), dollars per mile (or per km) become cents per mile, and dates become the start
 * of `from` and the end of `to` in the viewer's time zone.
 */
export function boardInput(f: TBoardFilters, position?: TLatLng, units: TUnitSystem = "us") {
  const city = knownCities.find((c) => c.key === f.near);
  const pickupTo = f.to ? localDay(f.to, "end") : undefined;
  return {
    limit: LOAD_BOARD_PAGE,
    sort: f.sort,
    ...(position ? { position } : {}),
    ...(city ? { near: { lat: city.lat, lng: city.lng } } : {}),
    ...(f.within ? { withinMetres: Math.round(unitToMetres(Number(f.within), units)) } : {}),
    ...(f.dest ? { destination: f.dest as (typeof destinationValues)[number] } : {}),
    ...(f.from ? { pickupFrom: localDay(f.from, "start") } : {}),
    // The end of the day, as an exclusive bound: the first instant of the next day.
    ...(pickupTo ? { pickupTo: new Date(pickupTo.getTime() + 1) } : {}),
    ...(f.minRate ? { minRateCentsPerMile: Math.round(unitRateToPerMile(Number(f.minRate) * 100, units)) } : {}),
    ...(f.vehicle ? { vehicleType: f.vehicle } : {}),
  };
}

/** The sort choices, the rate named per the viewer's distance unit ("per mile" / "per km"; the ranking is the same). */
export function sortOptionsFor(units: TUnitSystem): { value: TLoadBoardSort; label: string }[] {
  const label: Record<TLoadBoardSort, string> = {
    distance: "Nearest pick-up",
    rate: `Highest rate per ${units === "us" ? "mile" : "km"}`,
    pickup: "Earliest pick-up",
  };
  return loadBoardSorts.map((s) => ({ value: s, label: label[s] }));
}
