// Google's Weather API, hourly forecast (GET /v1/forecast/hours:lookup): `location.latitude` / `location.longitude`,
// `hours` (1–240 from the current hour), `pageSize` (1–24), `pageToken` and `unitsSystem`, answered with
// `forecastHours` records and a `nextPageToken`, and its google.rpc.Status refusals (INVALID_ARGUMENT). The numbers
// are the same synthetic climate and test pins as the Open-Meteo stand-in's (open-meteo.ts), so both providers
// agree for a place and hour; the WMO code becomes the Weather API's condition type.
import type { TLatLng } from "../../src/lib/geo";
import { rpcError, type TReply } from "./errors";
import { hourWeather, type TWeatherOverride } from "./open-meteo";

const HOUR_MS = 3_600_000;
const MAX_HOURS = 240;
const MAX_PAGE_SIZE = 24;

/** The Weather API's condition type and English description for a WMO code (the inverse of the app's table). */
function conditionFor(code: number): { type: string; text: string } {
  const table: Record<number, [string, string]> = {
    0: ["CLEAR", "Clear"],
    1: ["MOSTLY_CLEAR", "Mostly clear"],
    2: ["PARTLY_CLOUDY", "Partly cloudy"],
    3: ["CLOUDY", "Cloudy"],
    61: ["LIGHT_RAIN", "Light rain"],
    63: ["RAIN", "Rain"],
    65: ["HEAVY_RAIN", "Heavy rain"],
    71: ["LIGHT_SNOW", "Light snow"],
    73: ["SNOW", "Snow"],
    75: ["HEAVY_SNOW", "Heavy snow"],
    95: ["THUNDERSTORM", "Thunderstorm"],
  };
  const [type, text] = table[code] ?? ["CLOUDY", "Cloudy"];
  return { type, text };
}

function intParam(url: URL, name: string, min: number, max: number, fallback: number): number | TReply {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    return rpcError(400, `Invalid ${name}: must be an integer between ${min} and ${max}.`);
  }
  return n;
}

/**
 * GET /v1/forecast/hours:lookup, after the key check: validates the query as the Weather API does and answers one
 * page of hourly records from the current hour (`now`, ms). Page tokens are opaque to the client; here, the
 * base64url offset of the page's first record, refused when altered.
 */
export function forecastHours(url: URL, now: number, override?: TWeatherOverride): TReply {
  const lat = Number(url.searchParams.get("location.latitude"));
  const lng = Number(url.searchParams.get("location.longitude"));
  if (url.searchParams.get("location.latitude") === null || url.searchParams.get("location.longitude") === null) {
    return rpcError(400, "Invalid location: location.latitude and location.longitude are required.");
  }
  if (!Number.isFinite(lat) || Math.abs(lat) > 90 || !Number.isFinite(lng) || Math.abs(lng) > 180) {
    return rpcError(400, "Invalid location: latitude must be in [-90, 90] and longitude in [-180, 180].");
  }
  const hours = intParam(url, "hours", 1, MAX_HOURS, MAX_HOURS);
  if (typeof hours !== "number") return hours;
  const pageSize = intParam(url, "pageSize", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  if (typeof pageSize !== "number") return pageSize;
  const units = url.searchParams.get("unitsSystem") ?? "METRIC";
  if (units !== "METRIC" && units !== "IMPERIAL") return rpcError(400, `Invalid unitsSystem: ${units}.`);
  let offset = 0;
  const token = url.searchParams.get("pageToken");
  if (token) {
    const decoded = Number(
      Buffer.from(token, "base64url")
        .toString("utf8")
        .replace(/^offset:/, ""),
    );
    if (!Buffer.from(token, "base64url").toString("utf8").startsWith("offset:") || !Number.isInteger(decoded)) {
      return rpcError(400, "Invalid pageToken.");
    }
    offset = decoded;
  }
  if (offset < 0 || offset >= hours) return rpcError(400, "Invalid pageToken.");

  const point: TLatLng = { lat, lng };
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  const imperial = units === "IMPERIAL";
  const records = [];
  for (let i = offset; i < Math.min(hours, offset + pageSize); i++) {
    const start = current + i * HOUR_MS;
    const w = hourWeather(point, start / 1000, override);
    const snowWater = w.snowfall / 0.7;
    const mm = (x: number) => (imperial ? Math.round((x / 25.4) * 1000) / 1000 : x);
    const speed = (x: number) => (imperial ? Math.round(x * 0.621371 * 10) / 10 : x);
    const { type, text } = conditionFor(w.weather_code);
    records.push({
      interval: { startTime: new Date(start).toISOString(), endTime: new Date(start + HOUR_MS).toISOString() },
      weatherCondition: {
        iconBaseUri: `https://maps.gstatic.com/weather/v1/${type.toLowerCase()}`,
        description: { text, languageCode: "en" },
        type,
      },
      temperature: {
        degrees: imperial ? Math.round((w.temperature_2m * 1.8 + 32) * 10) / 10 : w.temperature_2m,
        unit: imperial ? "FAHRENHEIT" : "CELSIUS",
      },
      precipitation: {
        probability: {
          percent: w.precipitation_probability,
          type: w.snowfall > 0 ? "SNOW" : w.precipitation > 0 ? "RAIN" : "RAIN",
        },
        qpf: { quantity: mm(w.precipitation), unit: imperial ? "INCHES" : "MILLIMETERS" },
        ...(w.snowfall > 0
          ? { snowQpf: { quantity: mm(Math.round(snowWater * 100) / 100), unit: imperial ? "INCHES" : "MILLIMETERS" } }
          : {}),
      },
      wind: {
        speed: { value: speed(w.wind_speed_10m), unit: imperial ? "MILES_PER_HOUR" : "KILOMETERS_PER_HOUR" },
        gust: { value: speed(w.wind_gusts_10m), unit: imperial ? "MILES_PER_HOUR" : "KILOMETERS_PER_HOUR" },
      },
      cloudCover: w.cloud_cover,
    });
  }
  const next = offset + pageSize;
  return {
    status: 200,
    body: {
      forecastHours: records,
      timeZone: { id: "Etc/UTC" },
      ...(next < hours ? { nextPageToken: Buffer.from(`offset:${next}`).toString("base64url") } : {}),
    },
  };
}
