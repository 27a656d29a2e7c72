import NextAuth from "next-auth";

import { env } from "~/env";
import { CROSS_SITE_MESSAGE, crossSiteRefusal } from "~/lib/csrf";
import { authOptions } from "~/server/auth/config";
import { withRequestLog } from "~/server/log/request-log";

const handler = NextAuth(authOptions) as (req: Request, ctx: unknown) => Promise<Response>;
const appOrigin = new URL(env.APP_URL).origin;

/**
 * next-auth guards its POSTs (sign-in, sign-out, session update) with its own double-submit token; over plain
 * http a sibling subdomain could plant that cookie, so a foreign Origin or cross-site fetch metadata is refused
 * first. next-auth's browser client sends no custom header, so none is required here.
 */
async function post(req: Request, ctx: unknown): Promise<Response> {
  if (crossSiteRefusal(req.headers, { appOrigin, requireClientHeader: false })) {
    return Response.json({ error: CROSS_SITE_MESSAGE }, { status: 403 });
  }
  return handler(req, ctx);
}

export const GET = withRequestLog("/api/auth/[...nextauth]", handler);
export const POST = withRequestLog("/api/auth/[...nextauth]", post);
