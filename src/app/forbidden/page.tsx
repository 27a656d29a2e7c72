import type { Metadata } from "next";
import Link from "next/link";

import { buttonClasses } from "~/components/ui/button";
import { getPageSession, homeFor } from "~/server/auth/page-session";

export const metadata: Metadata = { title: "No access" };

export default async function ForbiddenPage() {
  const session = await getPageSession();
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-6 px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">Trial Transport</p>
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">You don&apos;t have access to this page</h1>
        <p className="text-slate-600">
          {session
            ? `You're signed in as ${session.user.email}, and this page is for a different kind of account.`
            : "Sign in with an account that can see this page."}
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        {session ? (
          <Link href={homeFor[session.user.role]} className={buttonClasses()}>
            Go to your dashboard
          </Link>
        ) : (
          <Link href="/sign-in" className={buttonClasses()}>
            Sign in
          </Link>
        )}
        <Link href="/" className={buttonClasses({ variant: "secondary" })}>
          Home page
        </Link>
      </div>
    </main>
  );
}
