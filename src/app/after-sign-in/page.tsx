import { redirect } from "next/navigation";

import { getPageSession, homeFor } from "~/server/auth/page-session";

/** Where sign-in and "Continue" links land: sends each account to its own area. */
export default async function AfterSignInPage() {
  const session = await getPageSession();
  redirect(session ? homeFor[session.user.role] : "/sign-in");
}
