// The live map's base layer, read from the server's environment at request time (src/components/map/map-config.ts
// decides): the root layout hands it to the browser and the proxy adds the provider's hosts to the CSP.
import { chooseMapConfig, mapCspSources, type TMapConfig, type TMapCspSources } from "~/components/map/map-config";
import { env } from "~/env";

/** The browser's map settings (a browser key is public by design; it is restricted by referrer at Google). */
export function mapClientConfig(): TMapConfig {
  return chooseMapConfig({
    googleMapsBrowserKey: env.GOOGLE_MAPS_BROWSER_KEY,
    googleMapsMapId: env.GOOGLE_MAPS_MAP_ID,
    mapStyleUrl: env.MAP_STYLE_URL,
    mapExtraOrigins: env.MAP_EXTRA_ORIGINS,
  });
}

/** What the Content-Security-Policy must allow for the configured provider; null offline. */
export function mapCspOrigins(): TMapCspSources | null {
  return mapCspSources(mapClientConfig());
}
