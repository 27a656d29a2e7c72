// Weather at pick-up, midway and drop-off for the planned times: from Google's Weather API when a key is set and the
// hour is within its hourly forecast (the current hour to 240 hours ahead), else from Open-Meteo (no key; 92 days
// back to 16 days ahead). Cached per provider, place (0.1°, about 11 km, near the forecast models' grid) and hour in
// PostgreSQL for an hour. When the provider cannot answer, the point says "unavailable" and why: a forecast is never
// made up, and a Google failure is not papered over with Open-Meteo's numbers.
import { z } from "zod";

import { haversineKm, interpolateGreatCircle, type TLatLng } from "~/lib/geo";
import { zoneAt } from "~/lib/stop-zone";
import { conditionsFor, type TWeatherWarning, warningsFor } from "~/lib/weather";
import { fetchGoogleForecastHour, googleWeatherCovers } from "~/server/integrations/google/weather";
import { fetchHourlyForecast, FORECAST_HORIZON_DAYS } from "~/server/integrations/open-meteo/forecast";
import { isOutsideServiceError } from "~/server/integrations/outside-error";
import { cachedOutside, outsideCacheKey } from "./outside-cache";
import type { TOutsideServices } from "./outside-services";
import { logger } from "~/server/log/logger";

export type TForecast =
  | {
      state: "ok";
      /** "Light snow" (WMO code words). */
      conditions: string;
      weatherCode: number;
      temperatureC: number;
      precipitationMm: number;
      snowfallCm: number;
      windKmh: number;
      gustKmh: number;
      warnings: TWeatherWarning[];
      /** The forecast hour (start, GMT) this describes. */
      hourStart: Date;
      /** Who forecast it: Google's Weather API or Open-Meteo. */
      source: "google" | "open-meteo";
    }
  | { state: "unavailable"; reason: string };

export type TWeatherStop = {
  role: "pickup" | "midway" | "dropoff";
  /** The planned time at this point. */
  at: Date;
  lat: number;
  lng: number;
  /** IANA zone at the point, to show `at` in local time. */
  timeZone: string;
  forecast: TForecast;
};

const HOUR_MS = 3_600_000;
/** Open-Meteo refreshes its forecasts about hourly; an hour's answer is kept that long. */
const WEATHER_TTL_SEC = 3600;
/** Open-Meteo keeps 92 days of past hours. */
const PAST_DAYS = 92;

const ZHourSchema = z.object({
  hourStartMs: z.number(),
  temperatureC: z.number(),
  precipitationMm: z.number(),
  rainMm: z.number(),
  snowfallCm: z.number(),
  weatherCode: z.number(),
  windKmh: z.number(),
  gustKmh: z.number(),
  /** The provider's own words (Google's description), when it gives them. */
  description: z.string().nullable().optional(),
});

/** The point half way along `path` by distance (the great-circle midpoint for a two-point path). */
export function midwayAlong(path: readonly TLatLng[]): TLatLng {
  if (path.length < 2) return path[0] ?? { lat: 0, lng: 0 };
  if (path.length === 2) return interpolateGreatCircle(path[0]!, path[1]!, 0.5);
  const legs = path.slice(1).map((p, i) => haversineKm(path[i]!, p));
  let left = legs.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < legs.length; i++) {
    if (left <= legs[i]! || i === legs.length - 1) {
      return interpolateGreatCircle(path[i]!, path[i + 1]!, legs[i]! > 0 ? Math.min(1, left / legs[i]!) : 0);
    }
    left -= legs[i]!;
  }
  return path.at(-1)!;
}

async function forecastAt(point: TLatLng, at: Date, outside: TOutsideServices, now: Date): Promise<TForecast> {
  const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  if (hour.getTime() > now.getTime() + FORECAST_HORIZON_DAYS * 24 * HOUR_MS - HOUR_MS) {
    return { state: "unavailable", reason: `Forecasts reach ${FORECAST_HORIZON_DAYS} days ahead.` };
  }
  if (hour.getTime() < now.getTime() - PAST_DAYS * 24 * HOUR_MS) {
    return { state: "unavailable", reason: "That time is too long ago for the forecast service." };
  }
  const cell = { lat: Math.round(point.lat * 10) / 10, lng: Math.round(point.lng * 10) / 10 };
  const where = `${cell.lat.toFixed(1)},${cell.lng.toFixed(1)}:${hour.toISOString()}`;
  const google = outside.google && googleWeatherCovers(hour, now) ? outside.google : null;
  const key = google
    ? outsideCacheKey("google-weather", google.baseUrl, where)
    : outsideCacheKey("open-meteo", outside.openMeteo.baseUrl, where);
  try {
    const { value } = await cachedOutside(key, WEATHER_TTL_SEC, ZHourSchema.nullable(), async () => {
      if (google) {
        const h = await fetchGoogleForecastHour(google, { point: cell, hourStart: hour, now });
        if (!h) return null;
        const { hourStart, ...values } = h;
        return { ...values, hourStartMs: hourStart.getTime() };
      }
      const hours = await fetchHourlyForecast(outside.openMeteo, { point: cell, from: hour, to: hour });
      const h = hours[0];
      if (!h) return null;
      const { hourStart, ...values } = h;
      return { ...values, hourStartMs: hourStart.getTime(), description: null };
    });
    if (!value) return { state: "unavailable", reason: "The forecast has no value for that hour." };
    return {
      state: "ok",
      conditions:
        value.weatherCode >= 0 ? conditionsFor(value.weatherCode) : (value.description ?? "Unknown conditions"),
      weatherCode: value.weatherCode,
      temperatureC: value.temperatureC,
      precipitationMm: value.precipitationMm,
      snowfallCm: value.snowfallCm,
      windKmh: value.windKmh,
      gustKmh: value.gustKmh,
      warnings: warningsFor(value),
      hourStart: new Date(value.hourStartMs),
      source: google ? "google" : "open-meteo",
    };
  } catch (e) {
    if (!isOutsideServiceError(e)) throw e;
    logger.warn({ module: "weather", kind: e.kind, err: e }, `weather: ${e.message}`);
    const reason =
      e.kind === "quota"
        ? "The weather service is busy; try again in a minute."
        : e.kind === "unavailable"
          ? "The weather service could not be reached."
          : "The weather service refused the request.";
    return { state: "unavailable", reason };
  }
}

/**
 * The forecast at pick-up (at `pickupAt`), midway along `path` (at the midpoint in time) and drop-off (at
 * `dropoffAt`), each with its zone. `path` defaults to the great circle between the stops. Never throws for an
 * outside failure: a point its provider (Google's Weather API with a key for the next 240 hours, else Open-Meteo)
 * cannot answer for is `unavailable` with a reason.
 */
export async function weatherAlongRoute(input: {
  pickup: TLatLng;
  pickupAt: Date;
  dropoff: TLatLng;
  dropoffAt: Date;
  path?: readonly TLatLng[];
  outside: TOutsideServices;
  now?: Date;
}): Promise<TWeatherStop[]> {
  const now = input.now ?? new Date();
  const midway = midwayAlong(input.path && input.path.length >= 2 ? input.path : [input.pickup, input.dropoff]);
  const midwayAt = new Date((input.pickupAt.getTime() + input.dropoffAt.getTime()) / 2);
  const stops = [
    { role: "pickup" as const, point: input.pickup, at: input.pickupAt },
    { role: "midway" as const, point: midway, at: midwayAt },
    { role: "dropoff" as const, point: input.dropoff, at: input.dropoffAt },
  ];
  return Promise.all(
    stops.map(async (s) => ({
      role: s.role,
      at: s.at,
      lat: s.point.lat,
      lng: s.point.lng,
      timeZone: zoneAt(s.point.lat, s.point.lng),
      forecast: await forecastAt(s.point, s.at, input.outside, now),
    })),
  );
}
