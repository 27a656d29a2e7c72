// The Content-Security-Policy of every page, built per request by the proxy (src/proxy.ts) with a fresh nonce.
// Scripts run only when they carry the nonce (Next.js adds it to its own scripts, reading it from this header)
// or are loaded by such a script ('strict-dynamic'); no inline script an attacker injects can run. Network
// access is limited to this origin and the services actually configured: no scheme or host wildcards.
import type { TMapCspSources } from "~/components/map/map-config";

export type TCspOptions = {
  /** Base64, at least 128 bits of randomness, new for every response. */
  nonce: string;
  /** Development only: React's dev tooling and Fast Refresh evaluate strings. */
  allowEval: boolean;
  /** Pusher Channels websocket host and port, when configured (src/server/realtime/config.ts). */
  pusher: { host: string; port?: number } | null;
  /** UploadThing ingest server the browser uploads to, when configured (UPLOADTHING_INGEST_URL). */
  uploadIngestUrl: string | null;
  /** Where the browser sends Sentry events (the DSN's origin), or null/absent when monitoring is off. */
  sentryOrigin?: string | null;
  /** Development only: the Spotlight sidecar's origin when the browser sends it events (browser-spotlight.ts). */
  spotlightOrigin?: string | null;
  /** Origin serving uploaded files (signed URLs behind /api/files/<id>), for images such as proof-of-delivery photos. */
  uploadFileOrigin?: string | null;
  /** The live map's provider hosts (src/server/maps/config.ts); null for the offline map, which needs none. */
  map?: TMapCspSources | null;
};

/** The header value for one response; see `TCspOptions`. Directives follow OWASP ASVS 5.0 3.4.3. */
export function contentSecurityPolicy(opts: TCspOptions): string {
  const connect = ["'self'"];
  if (opts.pusher) {
    const hostPort = `${opts.pusher.host}${opts.pusher.port ? `:${opts.pusher.port}` : ""}`;
    // pusher-js picks ws: on http pages and wss: on https pages (forceTLS follows the page).
    connect.push(`ws://${hostPort}`, `wss://${hostPort}`);
  }
  if (opts.uploadIngestUrl) connect.push(new URL(opts.uploadIngestUrl).origin);
  if (opts.sentryOrigin) connect.push(opts.sentryOrigin);
  if (opts.spotlightOrigin) connect.push(opts.spotlightOrigin);
  const map = opts.map ?? { connect: [], img: [], font: [], style: [], worker: [] };
  connect.push(...map.connect);
  const list = (base: string, extra: string[]) => [base, ...extra].join(" ");

  return [
    "default-src 'self'",
    `script-src 'nonce-${opts.nonce}' 'strict-dynamic'${opts.allowEval ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes and Next.js inlines critical CSS; styles cannot run code.
    list("style-src 'self' 'unsafe-inline'", map.style),
    list("img-src 'self' data: blob:", [...(opts.uploadFileOrigin ? [opts.uploadFileOrigin] : []), ...map.img]),
    list("font-src 'self'", map.font),
    // Chat videos play from the file host; blob: is the chosen video measured in the browser before upload.
    list("media-src 'self' blob:", opts.uploadFileOrigin ? [opts.uploadFileOrigin] : []),
    `connect-src ${connect.join(" ")}`,
    // Always present: without it workers fall back to script-src, whose nonce cannot apply to the push service
    // worker (public/sw.js), so 'strict-dynamic' would refuse its registration.
    list("worker-src 'self'", map.worker),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}
