import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { safeCallbackUrl } from "~/app/(auth)/_components/callback-url";
import { SignInForm } from "~/app/(auth)/_components/sign-in-form";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { getPageSession, homeFor } from "~/server/auth/page-session";

export const metadata: Metadata = { title: "Sign in" };

// next-auth sends its error page here (pages.error) with a code; only known codes are shown, never raw query text.
const errorCodes: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  SessionRequired: "Please sign in to continue.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  const session = await getPageSession();
  if (session) redirect(callbackUrl ?? homeFor[session.user.role]);
  const errorCode = firstParam(params.error);
  const initialError = errorCode ? (errorCodes[errorCode] ?? "Sign-in failed. Please try again.") : null;
  return (
    <>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
    </>
  );
}
