// Cross-site request forgery defence for state-changing requests (OWASP ASVS 5.0, 3.5.1-3.5.3). A form on
// another site, or on another origin of the same site, can POST with the victim's cookies (urlencoded, multipart
// or text/plain) but cannot add a custom header without a CORS preflight this app never grants, and the browser
// stamps it with its own `Origin` and `Sec-Fetch-Site`. Shared by the tRPC client (which sends the header) and
// the server (which demands it).

/** Sent by the app's tRPC client on every request; required on every tRPC mutation. */
export const TRPC_CLIENT_HEADER = "x-trpc-source";

export const CROSS_SITE_MESSAGE = "This request did not come from the app. Reload the page and try again.";

/**
 * Why a state-changing request must be refused, or null when it may proceed. `appOrigin` is the configured origin
 * (APP_URL). Refused: a present `Origin` that is not `appOrigin` (including `null` from sandboxed frames), a
 * `Sec-Fetch-Site` other than `same-origin` or `none` (a sibling subdomain is `same-site`: still another origin),
 * and, with `requireClientHeader`, a missing `x-trpc-source`. Browsers without fetch metadata still send Origin
 * on every cross-origin POST, so the header check is what stops a form even there.
 */
export function crossSiteRefusal(
  headers: Headers,
  opts: { appOrigin: string; requireClientHeader: boolean },
): string | null {
  const origin = headers.get("origin");
  if (origin !== null && origin !== opts.appOrigin) return `origin ${origin} is not ${opts.appOrigin}`;
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site is ${site}`;
  if (opts.requireClientHeader && !headers.get(TRPC_CLIENT_HEADER)) return `no ${TRPC_CLIENT_HEADER} header`;
  return null;
}
