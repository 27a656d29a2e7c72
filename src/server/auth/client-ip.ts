// The client's address, derived one way for everything that records or limits by address: sign-in and other
// rate limits, the AuthSession row shown in the session list, and the admin audit log.
import { env } from "~/env";

/**
 * What Next.js itself does (read in next 16.4.6, `dist/server/base-server.js`, `handleRequestImpl`):
 * `req.headers['x-forwarded-for'] ??= req.socket.remoteAddress`. So `next start` and `next dev` KEEP an
 * X-Forwarded-For the client sent, untouched (no socket address appended), and write the socket address only
 * when the header is absent. The proxy (`src/proxy.ts`, `withTrustedForwardedFor`) runs after that line but
 * before the route, and a request header it removes is removed from the request Next goes on to serve, which
 * then runs the same line again: with 0 trusted hops the proxy deletes the header, so what reaches the app is
 * exactly the socket address, written by Next.
 *
 * The rule, with H = `TRUSTED_PROXY_HOPS` (env, integer, default 0):
 * - H = 0 (nothing in front of `next start`): the socket address, the one entry Next wrote.
 * - H >= 1 (H reverse proxies you control, each appending the address it received the request from, as
 *   nginx's `$proxy_add_x_forwarded_for`, Caddy, ALBs and Cloudflare do): the H-th entry from the right, the
 *   address the outermost trusted proxy saw. Entries left of it were written by the client and are ignored.
 *   A shorter list than H (a request that reached the app through fewer proxies) gives its leftmost entry,
 *   which a trusted proxy wrote.
 * "unknown" when there is no address at all (a request that reached no socket, e.g. a server-side call).
 */
export function clientIp(headers: Headers, trustedHops: number = env.TRUSTED_PROXY_HOPS): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return "unknown";
  const fromRight = Math.max(trustedHops, 1);
  return entries[Math.max(entries.length - fromRight, 0)]!.slice(0, 64);
}

/**
 * For the proxy: the request headers the app should see, or null when there is nothing to change. With 0 trusted
 * hops it removes X-Forwarded-For, whoever wrote it, so that Next.js writes the socket address in its place;
 * behind trusted proxies it keeps the chain they built.
 */
export function withTrustedForwardedFor(
  headers: Headers,
  trustedHops: number = env.TRUSTED_PROXY_HOPS,
): Headers | null {
  if (trustedHops > 0 || !headers.has("x-forwarded-for")) return null;
  const next = new Headers(headers);
  next.delete("x-forwarded-for");
  return next;
}
