// Google's Weather API, hourly forecast (GET /v1/forecast/hours:lookup,
// https://developers.google.com/maps/documentation/weather/hourly-forecast): used for weather along the route when
// GOOGLE_MAPS_API_KEY is set, for the hours it covers (from the current hour, 240 hours ahead); Open-Meteo serves the
// rest (src/server/places/weather-along-route.ts). Metric units: °C, mm of liquid precipitation, km/h.
import { z } from "zod";

import type { TLatLng } from "~/lib/geo";
import type { THourlyForecast } from "../open-meteo/forecast";
import { OutsideServiceError } from "../outside-error";
import type { TGoogleConfig } from "./config";
import { callGoogleRpc, unreadable } from "./rpc";

const SERVICE = "Google Weather";
const HOUR_MS = 3_600_000;

/** The Weather API's hourly forecasts start at the current hour and reach 240 hours ahead (its `hours` maximum). */
export const GOOGLE_WEATHER_HORIZON_HOURS = 240;
/** Records per page: the API's maximum `pageSize`. */
const PAGE_SIZE = 24;

/**
 * Snow depth from its liquid equivalent: 7 cm of snow per 10 mm of water, the ratio Open-Meteo documents for its
 * `snowfall` variable (open-meteo.com/en/docs), so both providers' snow reads the same on the card and in warnings.
 */
const SNOW_CM_PER_MM_WATER = 0.7;

/**
 * Google's condition types (WeatherCondition.Type in the Weather API reference) as the nearest WMO 4677 code, which
 * the card's words and warnings use for Open-Meteo too (src/lib/weather.ts). A type not listed keeps Google's own
 * description and no code.
 */
const WMO_FOR_TYPE: Record<string, number> = {
  CLEAR: 0,
  MOSTLY_CLEAR: 1,
  PARTLY_CLOUDY: 2,
  MOSTLY_CLOUDY: 3,
  CLOUDY: 3,
  WINDY: 3,
  WIND_AND_RAIN: 63,
  LIGHT_RAIN_SHOWERS: 80,
  CHANCE_OF_SHOWERS: 80,
  SCATTERED_SHOWERS: 80,
  RAIN_SHOWERS: 81,
  HEAVY_RAIN_SHOWERS: 82,
  LIGHT_TO_MODERATE_RAIN: 61,
  MODERATE_TO_HEAVY_RAIN: 65,
  RAIN: 63,
  LIGHT_RAIN: 61,
  HEAVY_RAIN: 65,
  RAIN_PERIODICALLY_HEAVY: 65,
  LIGHT_SNOW_SHOWERS: 85,
  CHANCE_OF_SNOW_SHOWERS: 85,
  SCATTERED_SNOW_SHOWERS: 85,
  SNOW_SHOWERS: 85,
  HEAVY_SNOW_SHOWERS: 86,
  LIGHT_TO_MODERATE_SNOW: 71,
  MODERATE_TO_HEAVY_SNOW: 75,
  SNOW: 73,
  LIGHT_SNOW: 71,
  HEAVY_SNOW: 75,
  SNOWSTORM: 75,
  SNOW_PERIODICALLY_HEAVY: 75,
  HEAVY_SNOW_STORM: 75,
  BLOWING_SNOW: 75,
  RAIN_AND_SNOW: 73,
  HAIL: 96,
  HAIL_SHOWERS: 96,
  THUNDERSTORM: 95,
  THUNDERSHOWER: 95,
  LIGHT_THUNDERSTORM_RAIN: 95,
  SCATTERED_THUNDERSTORMS: 95,
  HEAVY_THUNDERSTORM: 99,
};

const ZAmountSchema = z.object({ quantity: z.number().optional(), unit: z.string().optional() }).loose();
const ZSpeedSchema = z.object({ value: z.number().optional(), unit: z.string().optional() }).loose();
const ZForecastHourSchema = z
  .object({
    interval: z.object({ startTime: z.string() }).loose(),
    weatherCondition: z
      .object({ type: z.string().optional(), description: z.object({ text: z.string() }).loose().optional() })
      .loose()
      .optional(),
    temperature: z.object({ degrees: z.number() }).loose(),
    precipitation: z
      .object({
        qpf: ZAmountSchema.optional(),
        snowQpf: ZAmountSchema.optional(),
        probability: z.object({ type: z.string().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    wind: z.object({ speed: ZSpeedSchema.optional(), gust: ZSpeedSchema.optional() }).loose().optional(),
  })
  .loose();
const ZPageSchema = z.object({
  forecastHours: z.array(ZForecastHourSchema).default([]),
  nextPageToken: z.string().optional(),
});

/** One hour of Google's forecast in the units Open-Meteo's client gives, plus Google's own words for it. */
export type TGoogleHourForecast = THourlyForecast & { description: string | null };

function toHour(h: z.infer<typeof ZForecastHourSchema>): TGoogleHourForecast {
  const type = h.weatherCondition?.type ?? "";
  const precipitationMm = h.precipitation?.qpf?.quantity ?? 0;
  const snowy = /SNOW/.test(type) || /SNOW/.test(h.precipitation?.probability?.type ?? "");
  const snowWaterMm = h.precipitation?.snowQpf?.quantity ?? (snowy ? precipitationMm : 0);
  const snowfallCm = Math.round(snowWaterMm * SNOW_CM_PER_MM_WATER * 100) / 100;
  return {
    hourStart: new Date(h.interval.startTime),
    temperatureC: h.temperature.degrees,
    precipitationMm,
    rainMm: Math.max(0, precipitationMm - snowWaterMm),
    snowfallCm,
    weatherCode: WMO_FOR_TYPE[type] ?? -1,
    windKmh: h.wind?.speed?.value ?? 0,
    gustKmh: h.wind?.gust?.value ?? h.wind?.speed?.value ?? 0,
    description: h.weatherCondition?.description?.text ?? null,
  };
}

/** Whether Google's hourly forecast covers the hour starting at `hourStart` (from the current hour, 240 ahead). */
export function googleWeatherCovers(hourStart: Date, now: Date): boolean {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const ahead = (hourStart.getTime() - current) / HOUR_MS;
  return ahead >= 0 && ahead < GOOGLE_WEATHER_HORIZON_HOURS;
}

/**
 * Google's forecast at `point` for the hour starting at `hourStart` (on the hour, UTC), metric, or null when its
 * answer has no record for that hour. Asks for just enough hours (`hours` = hours ahead + 1) and follows
 * `nextPageToken` (24 records a page, so at most 10 requests for the last hour of the horizon); the caller caches.
 *
 * @throws OutsideServiceError: "bad-request" when the hour is outside googleWeatherCovers (checked before any
 *   request), else the API's refusals as callGoogleRpc maps them (auth, quota, bad-request, unavailable).
 */
export async function fetchGoogleForecastHour(
  config: TGoogleConfig,
  input: { point: TLatLng; hourStart: Date; now?: Date },
): Promise<TGoogleHourForecast | null> {
  const now = input.now ?? new Date();
  if (!googleWeatherCovers(input.hourStart, now)) {
    throw new OutsideServiceError(SERVICE, "bad-request", "the hour is outside the hourly forecast's 240 hours");
  }
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((input.hourStart.getTime() - current) / HOUR_MS) + 1;
  const target = input.hourStart.getTime();
  let pageToken: string | undefined;
  for (let page = 0; page < Math.ceil(GOOGLE_WEATHER_HORIZON_HOURS / PAGE_SIZE); page++) {
    const body = await callGoogleRpc(config, {
      api: "weather",
      service: SERVICE,
      method: "GET",
      path: "/v1/forecast/hours:lookup",
      query: {
        "location.latitude": input.point.lat.toFixed(4),
        "location.longitude": input.point.lng.toFixed(4),
        hours: String(hours),
        pageSize: String(PAGE_SIZE),
        unitsSystem: "METRIC",
        ...(pageToken ? { pageToken } : {}),
      },
    });
    const parsed = ZPageSchema.safeParse(body);
    if (!parsed.success) throw unreadable(SERVICE, parsed.error);
    const found = parsed.data.forecastHours.find((h) => Date.parse(h.interval.startTime) === target);
    if (found) return toHour(found);
    pageToken = parsed.data.nextPageToken;
    if (!pageToken) return null;
  }
  return null;
}
