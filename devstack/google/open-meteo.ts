// Open-Meteo's forecast API (GET /v1/forecast, https://open-meteo.com/en/docs): hourly variables for one or more
// points, times in GMT as ISO 8601 or unix seconds, the units parameters, and its errors (`{ error, reason }`).
// The numbers are a synthetic but plausible climate (temperature from latitude, season and hour; showers and wind
// from a hash of place and time), deterministic for a place and hour; tests pin exact conditions with `weather`.
import type { TLatLng } from "../../src/lib/geo";
import { openMeteoError, type TReply } from "./errors";

/** One hour at one point, in Open-Meteo's default units: °C, mm, cm (snowfall), km/h, WMO code, %. */
export type THourWeather = {
  temperature_2m: number;
  precipitation: number;
  rain: number;
  snowfall: number;
  weather_code: number;
  wind_speed_10m: number;
  wind_gusts_10m: number;
  precipitation_probability: number;
  cloud_cover: number;
};

/** A test's override: the weather at `point` in the hour starting at `hourSec` (unix seconds), or undefined. */
export type TWeatherOverride = (point: TLatLng, hourSec: number) => Partial<THourWeather> | undefined;

const UNITS: Record<keyof THourWeather, string> = {
  temperature_2m: "°C",
  precipitation: "mm",
  rain: "mm",
  snowfall: "cm",
  weather_code: "wmo code",
  wind_speed_10m: "km/h",
  wind_gusts_10m: "km/h",
  precipitation_probability: "%",
  cloud_cover: "%",
};

const HOUR = 3600;
const DAY = 24 * HOUR;
/** Open-Meteo serves up to 16 forecast days and 92 past days. */
const MAX_FORECAST_DAYS = 16;
const MAX_PAST_DAYS = 92;

/** A stable pseudo-random number in [0, 1) for the integers given (a 32-bit integer hash, "lowbias32"). */
function hash(...n: number[]): number {
  let h = 0x9e3779b9;
  for (const v of n) {
    h ^= v | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

function synthetic(point: TLatLng, hourSec: number): THourWeather {
  const date = new Date(hourSec * 1000);
  const dayOfYear = Math.floor((hourSec - Date.UTC(date.getUTCFullYear(), 0, 1) / 1000) / DAY);
  const solarHour = (date.getUTCHours() + point.lng / 15 + 24) % 24;
  const absLat = Math.abs(point.lat);
  const season = -Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365) * Math.sign(point.lat || 1);
  const temperature = 28 - 0.5 * absLat + season * 0.3 * absLat + 4 * Math.sin((2 * Math.PI * (solarHour - 9)) / 24);
  const cell = [Math.round(point.lat * 2), Math.round(point.lng * 2), Math.floor(hourSec / (6 * HOUR))];
  const wet = hash(...cell, 1);
  const precipitation = wet > 0.8 ? Math.round((wet - 0.8) * 20 * 10) / 10 : 0;
  const wind = Math.round((8 + 30 * hash(...cell, 2)) * 10) / 10;
  const snow = temperature <= 0 && precipitation > 0;
  return {
    temperature_2m: Math.round(temperature * 10) / 10,
    precipitation,
    rain: snow ? 0 : precipitation,
    snowfall: snow ? Math.round(precipitation * 0.7 * 100) / 100 : 0,
    weather_code: weatherCode(precipitation, snow, wet),
    wind_speed_10m: wind,
    wind_gusts_10m: Math.round(wind * 1.6 * 10) / 10,
    precipitation_probability: Math.round(wet * 100),
    cloud_cover: Math.round(Math.min(100, wet * 120)),
  };
}

/** The weather at `point` in the hour starting at `hourSec` (unix seconds): a test's pinned values over the synthetic. */
export function hourWeather(point: TLatLng, hourSec: number, override?: TWeatherOverride): THourWeather {
  return { ...synthetic(point, hourSec), ...override?.(point, hourSec) };
}

function weatherCode(precipitation: number, snow: boolean, wet: number): number {
  if (precipitation === 0) return wet < 0.3 ? 0 : wet < 0.5 ? 1 : wet < 0.7 ? 2 : 3;
  if (snow) return precipitation < 1 ? 71 : precipitation < 2.5 ? 73 : 75;
  return precipitation < 1 ? 61 : precipitation < 2.5 ? 63 : 65;
}

function list(v: string | null): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const isoHour = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 16);
const isoDate = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);

function parseIso(v: string, name: string, dateOnly: boolean): number | { error: string } {
  const re = dateOnly ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
  const t = re.test(v) ? Date.parse(`${v}${dateOnly ? "T00:00" : ""}:00Z`) : NaN;
  return Number.isNaN(t) ? { error: `Invalid date format for parameter '${name}': ${v}` } : t / 1000;
}

/**
 * GET /v1/forecast: validates as Open-Meteo does, then answers every point and hour asked for (GMT). `now` (ms)
 * sets "today" for the allowed range; `override` pins values for some places and hours.
 */
export function forecast(url: URL, now: number, override?: TWeatherOverride): TReply {
  const q = url.searchParams;
  const lats = list(q.get("latitude")).map(Number);
  const lngs = list(q.get("longitude")).map(Number);
  if (lats.length === 0 || lngs.length === 0)
    return openMeteoError("Parameter 'latitude' and 'longitude' must be set.");
  if (lats.length !== lngs.length)
    return openMeteoError("Parameter 'latitude' and 'longitude' must have the same number of elements");
  for (const lat of lats) {
    if (!Number.isFinite(lat) || Math.abs(lat) > 90)
      return openMeteoError(`Latitude must be in range of -90 to 90°. Given: ${lat}.`);
  }
  for (const lng of lngs) {
    if (!Number.isFinite(lng) || Math.abs(lng) > 180)
      return openMeteoError(`Longitude must be in range of -180 to 180°. Given: ${lng}.`);
  }
  const variables = list(q.get("hourly"));
  for (const v of variables) {
    if (!(v in UNITS)) {
      return openMeteoError(`Cannot initialize ForecastVariable from invalid String value ${v} for key `);
    }
  }
  const tz = q.get("timezone") ?? "GMT";
  if (!["GMT", "UTC"].includes(tz)) {
    return openMeteoError(`The devstack stand-in answers in GMT only; got timezone=${tz}.`);
  }
  const timeformat = q.get("timeformat") ?? "iso8601";
  if (timeformat !== "iso8601" && timeformat !== "unixtime") {
    return openMeteoError(`Cannot initialize Timeformat from invalid String value ${timeformat} for key timeformat`);
  }
  const tempUnit = q.get("temperature_unit") ?? "celsius";
  const windUnit = q.get("wind_speed_unit") ?? q.get("windspeed_unit") ?? "kmh";
  const precipUnit = q.get("precipitation_unit") ?? "mm";
  if (!["celsius", "fahrenheit"].includes(tempUnit))
    return openMeteoError(
      `Cannot initialize TemperatureUnit from invalid String value ${tempUnit} for key temperature_unit`,
    );
  if (!["kmh", "ms", "mph", "kn"].includes(windUnit))
    return openMeteoError(
      `Cannot initialize WindspeedUnit from invalid String value ${windUnit} for key wind_speed_unit`,
    );
  if (!["mm", "inch"].includes(precipUnit))
    return openMeteoError(
      `Cannot initialize PrecipitationUnit from invalid String value ${precipUnit} for key precipitation_unit`,
    );

  const today = Math.floor(now / 1000 / DAY) * DAY;
  const first = today - MAX_PAST_DAYS * DAY;
  const last = today + MAX_FORECAST_DAYS * DAY - HOUR;
  let from: number;
  let to: number;
  const startHour = q.get("start_hour");
  const endHour = q.get("end_hour");
  const startDate = q.get("start_date");
  const endDate = q.get("end_date");
  if (startHour || endHour) {
    if (!startHour || !endHour) return openMeteoError("Parameter 'start_hour' and 'end_hour' must be set together.");
    const a = parseIso(startHour, "start_hour", false);
    const b = parseIso(endHour, "end_hour", false);
    if (typeof a !== "number") return openMeteoError(a.error);
    if (typeof b !== "number") return openMeteoError(b.error);
    [from, to] = [a, b];
  } else if (startDate || endDate) {
    if (!startDate || !endDate) return openMeteoError("Parameter 'start_date' and 'end_date' must be set together.");
    const a = parseIso(startDate, "start_date", true);
    const b = parseIso(endDate, "end_date", true);
    if (typeof a !== "number") return openMeteoError(a.error);
    if (typeof b !== "number") return openMeteoError(b.error);
    [from, to] = [a, b + DAY - HOUR];
  } else {
    const days = Number(q.get("forecast_days") ?? 7);
    const past = Number(q.get("past_days") ?? 0);
    if (!Number.isInteger(days) || days < 0 || days > MAX_FORECAST_DAYS)
      return openMeteoError(`Forecast days is invalid. Allowed range 0 to ${MAX_FORECAST_DAYS}.`);
    if (!Number.isInteger(past) || past < 0 || past > MAX_PAST_DAYS)
      return openMeteoError(`Past days is invalid. Allowed range 0 to ${MAX_PAST_DAYS}.`);
    [from, to] = [today - past * DAY, today + days * DAY - HOUR];
  }
  if (to < from) return openMeteoError("End-date must be larger or equals than start-date");
  if (from < first || to > last) {
    return openMeteoError(`Parameter 'start_date' is out of allowed range from ${isoDate(first)} to ${isoDate(last)}`);
  }
  from = Math.floor(from / HOUR) * HOUR;

  const convert = (v: keyof THourWeather, x: number): number => {
    if (v === "temperature_2m" && tempUnit === "fahrenheit") return Math.round((x * 1.8 + 32) * 10) / 10;
    if ((v === "wind_speed_10m" || v === "wind_gusts_10m") && windUnit !== "kmh") {
      const f = windUnit === "ms" ? 1 / 3.6 : windUnit === "mph" ? 0.621371 : 0.539957;
      return Math.round(x * f * 10) / 10;
    }
    if ((v === "precipitation" || v === "rain") && precipUnit === "inch") return Math.round((x / 25.4) * 1000) / 1000;
    if (v === "snowfall" && precipUnit === "inch") return Math.round((x / 2.54) * 1000) / 1000;
    return x;
  };
  const unitOf = (v: keyof THourWeather): string => {
    if (v === "temperature_2m" && tempUnit === "fahrenheit") return "°F";
    if (v === "wind_speed_10m" || v === "wind_gusts_10m")
      return { kmh: "km/h", ms: "m/s", mph: "mp/h", kn: "kn" }[windUnit]!;
    if (precipUnit === "inch" && (v === "precipitation" || v === "rain" || v === "snowfall")) return "inch";
    return UNITS[v];
  };

  const answers = lats.map((lat, i) => {
    const point = { lat, lng: lngs[i]! };
    const hours: number[] = [];
    for (let t = from; t <= to; t += HOUR) hours.push(t);
    const rows = hours.map((t) => hourWeather(point, t, override));
    const hourly: Record<string, (number | string)[]> = {
      time: hours.map((t) => (timeformat === "unixtime" ? t : isoHour(t))),
    };
    const hourlyUnits: Record<string, string> = { time: timeformat };
    for (const v of variables as (keyof THourWeather)[]) {
      hourly[v] = rows.map((r) => convert(v, r[v]));
      hourlyUnits[v] = unitOf(v);
    }
    return {
      latitude: Math.round(lat * 1e4) / 1e4,
      longitude: Math.round(lngs[i]! * 1e4) / 1e4,
      generationtime_ms: 0.1,
      utc_offset_seconds: 0,
      timezone: "GMT",
      timezone_abbreviation: "GMT",
      elevation: 200,
      ...(variables.length > 0 ? { hourly_units: hourlyUnits, hourly } : {}),
    };
  });
  return { status: 200, body: answers.length === 1 ? answers[0] : answers };
}
