// Words for a forecast and the warnings a driver acts on, shared by the server (weather along the route) and the UI.

/** WMO weather interpretation codes (WMO 4677, as Open-Meteo documents them at open-meteo.com/en/docs). */
const WMO_CONDITIONS: Record<number, string> = {
  0: "Clear sky",
  1: "Mainly clear",
  2: "Partly cloudy",
  3: "Overcast",
  45: "Fog",
  48: "Freezing fog",
  51: "Light drizzle",
  53: "Drizzle",
  55: "Dense drizzle",
  56: "Light freezing drizzle",
  57: "Freezing drizzle",
  61: "Light rain",
  63: "Rain",
  65: "Heavy rain",
  66: "Light freezing rain",
  67: "Freezing rain",
  71: "Light snow",
  73: "Snow",
  75: "Heavy snow",
  77: "Snow grains",
  80: "Light rain showers",
  81: "Rain showers",
  82: "Violent rain showers",
  85: "Snow showers",
  86: "Heavy snow showers",
  95: "Thunderstorm",
  96: "Thunderstorm with hail",
  99: "Thunderstorm with heavy hail",
};

/** "Light snow" for WMO code 71; "Unknown conditions" for a code outside the table. */
export function conditionsFor(weatherCode: number): string {
  return WMO_CONDITIONS[weatherCode] ?? "Unknown conditions";
}

export type TWeatherWarningKind = "snow" | "ice" | "heavy-rain" | "high-wind";
export type TWeatherWarning = { kind: TWeatherWarningKind; message: string };

/**
 * Thresholds. Heavy rain: 7.6 mm/h or more (American Meteorological Society glossary, "rain": heavy is over
 * 7.6 mm/h). High wind: sustained 50 km/h (31 mph) or gusts 74 km/h (46 mph), the US National Weather Service's
 * Wind Advisory criteria. Snow: any snowfall or a snow code. Ice: freezing drizzle or rain codes, or rain at or below
 * 0 °C.
 */
export const WARNING_THRESHOLDS = { heavyRainMmH: 7.6, windKmh: 50, gustKmh: 74 } as const;

const SNOW_CODES = new Set([71, 73, 75, 77, 85, 86]);
const ICE_CODES = new Set([48, 56, 57, 66, 67]);
const HEAVY_RAIN_CODES = new Set([65, 82]);

/** One hour's values, in metric: °C, mm of precipitation and rain, cm of snow, km/h. */
export type THourValues = {
  weatherCode: number;
  temperatureC: number;
  precipitationMm: number;
  rainMm: number;
  snowfallCm: number;
  windKmh: number;
  gustKmh: number;
};

/** The warnings for one hour, in the order snow, ice, heavy rain, high wind; [] when none applies. */
export function warningsFor(h: THourValues): TWeatherWarning[] {
  const out: TWeatherWarning[] = [];
  if (h.snowfallCm > 0 || SNOW_CODES.has(h.weatherCode)) {
    out.push({ kind: "snow", message: h.snowfallCm > 0 ? `Snow, ${h.snowfallCm} cm an hour` : "Snow" });
  }
  if (ICE_CODES.has(h.weatherCode) || (h.rainMm > 0 && h.temperatureC <= 0)) {
    out.push({ kind: "ice", message: "Ice: freezing rain or fog, slick roads" });
  }
  if (h.precipitationMm >= WARNING_THRESHOLDS.heavyRainMmH || HEAVY_RAIN_CODES.has(h.weatherCode)) {
    out.push({ kind: "heavy-rain", message: `Heavy rain, ${h.precipitationMm} mm an hour` });
  }
  if (h.windKmh >= WARNING_THRESHOLDS.windKmh || h.gustKmh >= WARNING_THRESHOLDS.gustKmh) {
    out.push({ kind: "high-wind", message: `High wind, gusts ${Math.round(h.gustKmh)} km/h` });
  }
  return out;
}
