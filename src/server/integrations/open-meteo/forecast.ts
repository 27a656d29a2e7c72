// Open-Meteo's forecast API (https://open-meteo.com/en/docs), no key: the hourly forecast at one point for a range
// of whole hours, in its default units (°C, mm, cm of snow, km/h) and GMT unix times.
import { z } from "zod";

import { env } from "~/env";
import type { TLatLng } from "~/lib/geo";
import { fetchOutside, jsonBody, OutsideServiceError } from "../outside-error";

const SERVICE = "Open-Meteo";
const DEFAULT_BASE_URL = "https://api.open-meteo.com";

export type TOpenMeteoConfig = { baseUrl: string };

/** OPEN_METEO_BASE_URL, else Open-Meteo's public host. */
export function openMeteoConfigFromEnv(): TOpenMeteoConfig {
  return { baseUrl: env.OPEN_METEO_BASE_URL ?? DEFAULT_BASE_URL };
}

/** Open-Meteo forecasts reach this many days ahead (its `forecast_days` maximum). */
export const FORECAST_HORIZON_DAYS = 16;

export const HOURLY_VARIABLES = [
  "temperature_2m",
  "precipitation",
  "rain",
  "snowfall",
  "weather_code",
  "wind_speed_10m",
  "wind_gusts_10m",
] as const;

/** One hour: `hourStart` (Date, on the hour), °C, mm, mm of rain, cm of snow, WMO code, km/h sustained and gusts. */
export type THourlyForecast = {
  hourStart: Date;
  temperatureC: number;
  precipitationMm: number;
  rainMm: number;
  snowfallCm: number;
  weatherCode: number;
  windKmh: number;
  gustKmh: number;
};

const ZSeriesSchema = z.array(z.number().nullable());
const ZForecastSchema = z.object({
  hourly: z.object({
    time: z.array(z.number()),
    temperature_2m: ZSeriesSchema,
    precipitation: ZSeriesSchema,
    rain: ZSeriesSchema,
    snowfall: ZSeriesSchema,
    weather_code: ZSeriesSchema,
    wind_speed_10m: ZSeriesSchema,
    wind_gusts_10m: ZSeriesSchema,
  }),
});
const ZErrorSchema = z.object({ error: z.literal(true), reason: z.string() });

const isoHour = (d: Date) => d.toISOString().slice(0, 16);

/**
 * Hourly forecasts at `point` for every hour from `from` to `to` (both floored to the hour, GMT). Hours the model
 * has no value for are left out (Open-Meteo sends null), never filled in.
 *
 * @throws OutsideServiceError: quota (429), bad-request (400, e.g. a range beyond 16 days), unavailable.
 */
export async function fetchHourlyForecast(
  config: TOpenMeteoConfig,
  input: { point: TLatLng; from: Date; to: Date },
): Promise<THourlyForecast[]> {
  const url = new URL("/v1/forecast", config.baseUrl);
  url.searchParams.set("latitude", input.point.lat.toFixed(4));
  url.searchParams.set("longitude", input.point.lng.toFixed(4));
  url.searchParams.set("hourly", HOURLY_VARIABLES.join(","));
  url.searchParams.set("timezone", "GMT");
  url.searchParams.set("timeformat", "unixtime");
  url.searchParams.set("start_hour", isoHour(input.from));
  url.searchParams.set("end_hour", isoHour(input.to));
  const res = await fetchOutside(SERVICE, url, { method: "GET" });
  const body = await jsonBody(SERVICE, res);
  if (!res.ok) {
    const error = ZErrorSchema.safeParse(body);
    const reason = error.success ? error.data.reason : `answered ${res.status}`;
    const kind = res.status === 429 ? "quota" : res.status >= 400 && res.status < 500 ? "bad-request" : "unavailable";
    throw new OutsideServiceError(SERVICE, kind, reason, res.status);
  }
  const parsed = ZForecastSchema.safeParse(body);
  if (!parsed.success) {
    throw new OutsideServiceError(
      SERVICE,
      "unavailable",
      `unexpected answer: ${z.prettifyError(parsed.error).slice(0, 200)}`,
    );
  }
  const h = parsed.data.hourly;
  return h.time.flatMap((t, i) => {
    const values = [
      h.temperature_2m,
      h.precipitation,
      h.rain,
      h.snowfall,
      h.weather_code,
      h.wind_speed_10m,
      h.wind_gusts_10m,
    ].map((series) => series[i]);
    if (values.some((v) => v === null || v === undefined)) return [];
    const [temperatureC, precipitationMm, rainMm, snowfallCm, weatherCode, windKmh, gustKmh] = values as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return [
      {
        hourStart: new Date(t * 1000),
        temperatureC,
        precipitationMm,
        rainMm,
        snowfallCm,
        weatherCode,
        windKmh,
        gustKmh,
      },
    ];
  });
}
