// Session checks for server components and layouts: the truth for page access (the proxy only redirects early).
import "server-only";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import type { Role } from "~/generated/prisma/enums";
import { resolveRequestSession, type TActiveSession } from "~/server/auth/session";

export const homeFor: Record<Role, string> = { SHIPPER: "/shipper", DRIVER: "/driver", ADMIN: "/admin" };

/** One session lookup per page render, shared by layouts, pages and server-side tRPC calls. */
export const resolvePageRequest = cache(async () => resolveRequestSession(new Headers(await headers())));

export const getPageSession = cache(async (): Promise<TActiveSession | null> => (await resolvePageRequest()).session);

/** Redirects to sign-in when signed out, and to the user's own area when the role does not match. */
export async function requirePageSession(roles?: readonly Role[], callbackUrl?: string): Promise<TActiveSession> {
  const session = await getPageSession();
  if (!session) redirect(`/sign-in${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
  if (roles && !roles.includes(session.user.role)) redirect(`/forbidden`);
  return session;
}
