// Early redirects for the role areas. Only a convenience: layouts and every tRPC procedure check the real
// session (AuthSession row) on the server.
import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";

import { env } from "~/env";
import { decodeJwt } from "~/server/auth/jwt";

const areas: { prefix: string; role: string }[] = [
  { prefix: "/shipper", role: "SHIPPER" },
  { prefix: "/driver", role: "DRIVER" },
  { prefix: "/admin", role: "ADMIN" },
];

export async function proxy(req: NextRequest) {
  const area = areas.find((a) => req.nextUrl.pathname === a.prefix || req.nextUrl.pathname.startsWith(`${a.prefix}/`));
  if (!area) return NextResponse.next();
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
  return NextResponse.next();
}

export const config = { matcher: ["/shipper/:path*", "/driver/:path*", "/admin/:path*"] };
