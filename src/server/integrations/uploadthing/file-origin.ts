// Kept apart from config.ts so the proxy (src/proxy.ts), which builds the CSP on every page, does not load the SDK.
import { env } from "~/env";

/**
 * The origin files are served from, for the Content-Security-Policy's img-src: the configured file host (http when
 * its name contains "local", as the SDK decides), else UploadThing's `https://<appId>.ufs.sh`; null when not configured.
 */
export function uploadFileOrigin(): string | null {
  const host = env.UPLOADTHING_UFS_HOST;
  if (host) return `${host.includes("local") ? "http" : "https"}://${host}`;
  if (!env.UPLOADTHING_TOKEN) return null;
  try {
    const { appId } = JSON.parse(Buffer.from(env.UPLOADTHING_TOKEN, "base64").toString("utf8")) as { appId?: unknown };
    return typeof appId === "string" && /^[a-z0-9]+$/i.test(appId) ? `https://${appId}.ufs.sh` : null;
  } catch {
    return null;
  }
}
