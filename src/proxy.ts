// Early redirects for the role areas. Only a convenience: layouts and every tRPC procedure check the real
// session (AuthSession row) on the server. Also decides which X-Forwarded-For the app sees (client-ip.ts): it
// must run on every route that reads the client address, hence the broad matcher.
import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";

import { env } from "~/env";
import { withTrustedForwardedFor } from "~/server/auth/client-ip";
import { decodeJwt } from "~/server/auth/jwt";

const areas: { prefix: string; role: string }[] = [
  { prefix: "/shipper", role: "SHIPPER" },
  { prefix: "/driver", role: "DRIVER" },
  { prefix: "/admin", role: "ADMIN" },
];

export async function proxy(req: NextRequest) {
  const headers = withTrustedForwardedFor(req.headers);
  const pass = () => (headers ? NextResponse.next({ request: { headers } }) : NextResponse.next());
  const area = areas.find((a) => req.nextUrl.pathname === a.prefix || req.nextUrl.pathname.startsWith(`${a.prefix}/`));
  if (!area) return pass();
  const token = await getToken({
    req,
    secret: env.AUTH_SECRET,
    secureCookie: env.APP_URL.startsWith("https://"),
    decode: decodeJwt,
  });
  if (!token?.sid) {
    const url = new URL("/sign-in", req.url);
    url.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  if (token.role !== area.role) return NextResponse.redirect(new URL("/forbidden", req.url));
  return pass();
}

// Everything but build assets: pages, server actions and every API route (tRPC, next-auth) read the address.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
