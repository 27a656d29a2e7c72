// Which base map the live map draws on, decided on the server from its environment at request time (like the
// Pusher settings) and handed to the browser through <MapConfigProvider> in the root layout. No NEXT_PUBLIC_
// variable: one build runs with Google Maps, a MapLibre style or no provider at all.

/**
 * - `google`: Google Maps JavaScript API with a browser key (restricted by HTTP referrer in Google's console).
 * - `maplibre`: MapLibre GL with any style URL (MapTiler, Stadia, a self-hosted tile server…).
 * - `offline`: no provider configured (these machines, CI): a simplified base drawn from packaged world-atlas /
 *   us-atlas data; no request leaves the machine.
 */
export type TMapConfig =
  | { provider: "google"; apiKey: string; mapId: string | null }
  | { provider: "maplibre"; styleUrl: string; extraOrigins: string[] }
  | {
      provider: "offline";
    };

/** The settings the choice reads (the server's env, already validated by src/env.js). */
export type TMapSettings = {
  googleMapsBrowserKey?: string | null;
  googleMapsMapId?: string | null;
  mapStyleUrl?: string | null;
  /** Origins a MapLibre style loads tiles, glyphs or sprites from besides its own (https://tiles.example.com). */
  mapExtraOrigins?: readonly string[];
};

/**
 * Picks the base map: Google when a browser key is set (it wins when both are set: the operator paid for it), else
 * MapLibre when a style URL is set, else offline. Blank strings count as unset.
 */
export function chooseMapConfig(s: TMapSettings): TMapConfig {
  const key = s.googleMapsBrowserKey?.trim();
  if (key) return { provider: "google", apiKey: key, mapId: s.googleMapsMapId?.trim() || null };
  const style = s.mapStyleUrl?.trim();
  if (style) return { provider: "maplibre", styleUrl: style, extraOrigins: [...(s.mapExtraOrigins ?? [])] };
  return { provider: "offline" };
}

/** Extra Content-Security-Policy sources the chosen base map needs (none offline). */
export type TMapCspSources = { connect: string[]; img: string[]; font: string[]; style: string[]; worker: string[] };

// Hosts the Maps JavaScript API loads its script, tiles, fonts and styles from (Google's "Content Security Policy
// guide" for the Maps JavaScript API). Scripts need no entry: the page's nonce + 'strict-dynamic' covers scripts
// the loader adds.
const GOOGLE_HOSTS = ["https://maps.googleapis.com", "https://maps.gstatic.com"];

/** The CSP sources for `config`, or null for the offline map (it needs nothing beyond 'self'). */
export function mapCspSources(config: TMapConfig): TMapCspSources | null {
  if (config.provider === "google") {
    return {
      connect: GOOGLE_HOSTS,
      img: GOOGLE_HOSTS,
      font: ["https://fonts.gstatic.com"],
      style: ["https://fonts.googleapis.com"],
      worker: [],
    };
  }
  if (config.provider === "maplibre") {
    // The style's own origin; tiles, glyphs and sprites it names on other hosts need their origin in
    // MAP_EXTRA_ORIGINS. MapLibre parses tiles in a blob: worker.
    const origins = [...new Set([new URL(config.styleUrl).origin, ...config.extraOrigins])];
    return { connect: origins, img: origins, font: [], style: [], worker: ["blob:"] };
  }
  return null;
}
