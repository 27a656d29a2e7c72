// Runs before every route but build assets. On every route it decides which X-Forwarded-For the app sees
// (client-ip.ts), since every route may read the client address. On pages it also sets the per-request
// Content-Security-Policy nonce, drops an unreadable session cookie (the page renders signed out, the browser is
// told to forget it), and redirects early out of the role areas. The redirects are only a convenience: layouts and
// every tRPC procedure check the real session (AuthSession row) on the server.
import { type NextRequest, NextResponse } from "next/server";

import { env } from "~/env";
import { loopbackAliasRedirect } from "~/lib/dev-origin";
import { withTrustedForwardedFor } from "~/server/auth/client-ip";
import { newRequestId, REQUEST_ID_HEADER } from "~/server/log/request-id";
import { clearedSessionCookie, readSessionCookie, withoutSessionCookie } from "~/server/auth/session-cookie";
import { uploadFileOrigin } from "~/server/integrations/uploadthing/file-origin";
import { mapCspOrigins } from "~/server/maps/config";
import { browserSpotlightUrl } from "~/server/monitoring/browser-spotlight";
import { pusherSocketOrigin } from "~/server/realtime/config";
import { contentSecurityPolicy } from "~/server/security/csp";

const areas: { prefix: string; role: string }[] = [
  { prefix: "/shipper", role: "SHIPPER" },
  { prefix: "/driver", role: "DRIVER" },
  { prefix: "/admin", role: "ADMIN" },
];

const cspSources = {
  allowEval: env.NODE_ENV === "development",
  pusher: pusherSocketOrigin(),
  uploadIngestUrl: env.UPLOADTHING_INGEST_URL ?? null,
  uploadFileOrigin: uploadFileOrigin(),
  map: mapCspOrigins(),
  sentryOrigin: env.SENTRY_DSN ? new URL(env.SENTRY_DSN).origin : null,
  spotlightOrigin: ((url) => (url ? new URL(url).origin : null))(browserSpotlightUrl()),
};

/** Next.js calls this before rendering each matched page; it answers with a redirect or lets the page render. */
export async function proxy(req: NextRequest): Promise<NextResponse> {
  const requestHeaders = withTrustedForwardedFor(req.headers) ?? new Headers(req.headers);
  // Every request gets a fresh id (whatever the client sent): the route's log lines, the response header and the
  // "reference: …" of an error all name it (src/server/log/request-id.ts).
  const requestId = newRequestId();
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  // API routes answer JSON (no scripts to protect) and read the cookie through the same reader themselves; they
  // only need the address rule and the request id, which keeps this path to one header copy.
  if (req.nextUrl.pathname.startsWith("/api/")) {
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }
  // Development: a page opened at 127.0.0.1 (what Next.js prints) goes to the same path on APP_URL, the one origin
  // whose cookies and sign-in work (src/lib/dev-origin.ts).
  if (env.NODE_ENV === "development") {
    const origin = loopbackAliasRedirect(req.headers.get("host"), env.APP_URL);
    if (origin) return sendToAppOrigin(new URL(req.nextUrl.pathname + req.nextUrl.search, origin).toString());
  }
  const cookie = await readSessionCookie(req.headers.get("cookie"));
  if (cookie.state === "invalid") {
    const rest = withoutSessionCookie(req.headers.get("cookie") ?? "");
    if (rest) requestHeaders.set("cookie", rest);
    else requestHeaders.delete("cookie");
  }

  const response = respond(req, cookie.state === "valid" ? cookie.role : null, requestHeaders);
  if (cookie.state === "invalid") response.headers.append("set-cookie", clearedSessionCookie());
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/**
 * A page that sends the browser to `url` on the app's own origin. Not a 3xx: Next.js treats localhost and 127.0.0.1
 * as one host and rewrites such a Location back to the address that was asked (a redirect to itself).
 */
function sendToAppOrigin(url: string): NextResponse {
  const href = url.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return new NextResponse(
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">` +
      `<title>Trial Transport</title><p>The app is at <a href="${href}">${href}</a>.</p>`,
    { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}

function respond(req: NextRequest, role: string | null, requestHeaders: Headers): NextResponse {
  const { pathname } = req.nextUrl;
  const area = areas.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`));
  if (area && !role) {
    const url = new URL("/sign-in", req.url);
    url.searchParams.set("callbackUrl", pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  if (area && role !== area.role) return NextResponse.redirect(new URL("/forbidden", req.url));

  // Next.js reads the nonce from the request's CSP header and stamps it on the scripts it renders.
  const csp = contentSecurityPolicy({
    nonce: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"),
    ...cspSources,
  });
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

// Everything but build assets: pages, and every API route (tRPC, next-auth) for the client address.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon\\.svg|favicon\\.ico).*)"] };
