"use client";

// Hands the server's map settings (read at request time, src/server/maps/config.ts) to every live map on the page.
import { createContext, useContext, type ReactNode } from "react";

import type { TMapConfig } from "./map-config";

const MapConfigContext = createContext<TMapConfig>({ provider: "offline" });

/** Provides the base-map settings; the root layout renders it with `mapClientConfig()`. */
export function MapConfigProvider({ config, children }: { config: TMapConfig; children: ReactNode }) {
  return <MapConfigContext.Provider value={config}>{children}</MapConfigContext.Provider>;
}

/** The configured base map; `{ provider: "offline" }` without a provider. */
export function useMapConfig(): TMapConfig {
  return useContext(MapConfigContext);
}
