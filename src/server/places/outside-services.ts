// Which outside services the places code may call, resolved once per request: Google Maps Platform only with a key,
// Open-Meteo always (it needs none). Built from the environment in production; tests pass their own (the tRPC
// inner context takes it), so one process can exercise the key-less fallback and the keyed path side by side.
import { googleConfigFromEnv, type TGoogleConfig } from "~/server/integrations/google/config";
import { openMeteoConfigFromEnv, type TOpenMeteoConfig } from "~/server/integrations/open-meteo/forecast";

export type TOutsideServices = {
  /** Null: no key configured, every Google-backed feature uses its offline fallback. */
  google: TGoogleConfig | null;
  openMeteo: TOpenMeteoConfig;
};

/** The services configured by the environment (GOOGLE_MAPS_API_KEY / _BASE_URL, OPEN_METEO_BASE_URL). */
export function outsideServicesFromEnv(): TOutsideServices {
  return { google: googleConfigFromEnv(), openMeteo: openMeteoConfigFromEnv() };
}
