// In development the app has one address, APP_URL (http://localhost:3000 by default). Next.js prints the address
// it is bound to (http://127.0.0.1:3000), and a page opened there is another origin: its cookies are not the app's
// and next-auth's sign-in POST is refused as cross-site (403), which the form can only call "could not reach the
// server". The proxy sends such a page to the same path on APP_URL instead.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const portOf = (u: URL) => u.port || (u.protocol === "https:" ? "443" : "80");

/**
 * APP_URL's origin when `hostHeader` (the request's Host, e.g. "127.0.0.1:3000") names the same loopback server
 * under another name (localhost, 127.0.0.1 or [::1], same port, APP_URL on a loopback name too); otherwise null,
 * including for a missing or malformed Host. `appUrl` is an absolute URL.
 */
export function loopbackAliasRedirect(hostHeader: string | null, appUrl: string): string | null {
  if (!hostHeader) return null;
  const app = new URL(appUrl);
  let asked: URL;
  try {
    asked = new URL(`${app.protocol}//${hostHeader}`);
  } catch {
    return null;
  }
  if (asked.host === app.host) return null;
  if (!LOOPBACK.has(asked.hostname) || !LOOPBACK.has(app.hostname)) return null;
  return portOf(asked) === portOf(app) ? app.origin : null;
}
