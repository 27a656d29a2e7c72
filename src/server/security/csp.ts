// The Content-Security-Policy of every page, built per request by the proxy (src/proxy.ts) with a fresh nonce.
// Scripts run only when they carry the nonce (Next.js adds it to its own scripts, reading it from this header)
// or are loaded by such a script ('strict-dynamic'); no inline script an attacker injects can run. Network
// access is limited to this origin and the services actually configured: no scheme or host wildcards.

export type TCspOptions = {
  /** Base64, at least 128 bits of randomness, new for every response. */
  nonce: string;
  /** Development only: React's dev tooling and Fast Refresh evaluate strings. */
  allowEval: boolean;
  /** Pusher Channels websocket host and port, when configured (src/server/realtime/config.ts). */
  pusher: { host: string; port?: number } | null;
  /** UploadThing ingest server the browser uploads to, when configured (UPLOADTHING_INGEST_URL). */
  uploadIngestUrl: string | null;
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

  return [
    "default-src 'self'",
    `script-src 'nonce-${opts.nonce}' 'strict-dynamic'${opts.allowEval ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes and Next.js inlines critical CSS; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}
