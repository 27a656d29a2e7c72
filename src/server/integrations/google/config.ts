// Google Maps Platform web services for the server (Places API (New), Geocoding API, Routes API, Weather API), used only when
// GOOGLE_MAPS_API_KEY is set. GOOGLE_MAPS_API_BASE_URL sends every call to one other host (the devstack stand-in);
// unset, each API goes to its own Google host. The browser's map key (GOOGLE_MAPS_BROWSER_KEY) is separate.
import { env } from "~/env";

export type TGoogleApi = "places" | "geocoding" | "routes" | "weather";

export type TGoogleConfig = {
  apiKey: string;
  /** One base URL for every API (a stand-in), or null for Google's own hosts. */
  baseUrl: string | null;
};

const GOOGLE_HOSTS: Record<TGoogleApi, string> = {
  places: "https://places.googleapis.com",
  geocoding: "https://maps.googleapis.com",
  routes: "https://routes.googleapis.com",
  weather: "https://weather.googleapis.com",
};

/** The URL of `path` on `api`'s host (or the configured base URL). */
export function googleUrl(config: TGoogleConfig, api: TGoogleApi, path: string): URL {
  return new URL(path, config.baseUrl ?? GOOGLE_HOSTS[api]);
}

/** The server's Google configuration from the environment; null when no key is set (the offline fallbacks run). */
export function googleConfigFromEnv(): TGoogleConfig | null {
  if (!env.GOOGLE_MAPS_API_KEY) return null;
  return { apiKey: env.GOOGLE_MAPS_API_KEY, baseUrl: env.GOOGLE_MAPS_API_BASE_URL ?? null };
}
