// UploadThing's configuration, from src/env.js: the official SDK talks to UploadThing, or to the devstack stand-in
// when the ingest, API and file hosts point at it. No token: uploads are switched off and say so.
import { UTApi } from "uploadthing/server";
import { env } from "~/env";

/** What the SDK needs; passed explicitly so tests can point it at their own stand-in. */
export type TUploadThingConfig = {
  /** Base64 JSON `{ apiKey, appId, regions }` (UPLOADTHING_TOKEN). */
  token: string;
  ingestUrl?: string;
  apiUrl?: string;
  /** Host of the file CDN; a name containing "local" makes the SDK build http:// URLs (the stand-in). */
  ufsHost?: string;
  ufsAppIdLocation?: "subdomain" | "path";
};

/** The configuration from the environment, or null when UPLOADTHING_TOKEN is unset (uploads not configured). */
export function uploadThingConfigFromEnv(): TUploadThingConfig | null {
  if (!env.UPLOADTHING_TOKEN) return null;
  return {
    token: env.UPLOADTHING_TOKEN,
    ingestUrl: env.UPLOADTHING_INGEST_URL,
    apiUrl: env.UPLOADTHING_API_URL,
    ufsHost: env.UPLOADTHING_UFS_HOST,
    // A self-hosted file host (the stand-in) serves /a/<appId>/<key>; UploadThing's CDN uses <appId>.ufs.sh.
    ufsAppIdLocation: env.UPLOADTHING_UFS_HOST ? "path" : "subdomain",
  };
}

/** The SDK's server API (delete, list, signed URLs) for `config`. */
export function utapiFor(config: TUploadThingConfig): UTApi {
  return new UTApi({ ...config, logLevel: "Error" });
}
