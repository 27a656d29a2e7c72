// The page an email's unsubscribe link opens, signed in or not. Opening it changes nothing (mail scanners follow
// links); the button does, through the same one-click endpoint mail clients use.
import type { Metadata } from "next";
import Link from "next/link";

import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { notificationCatalogue } from "~/server/notifications/catalogue";
import { readUnsubscribeToken } from "~/server/notifications/unsubscribe";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const target = readUnsubscribeToken(token);
  const label = target ? notificationCatalogue[target.type].label.toLowerCase() : null;
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-12">
      <h1 className="text-2xl font-bold tracking-tight">Unsubscribe</h1>
      {!target || params.result === "invalid" ? (
        <Alert tone="error" className="mt-6" title="This link is not valid">
          Copy the whole link from the email, or choose what we send you in your{" "}
          <Link className="underline" href="/settings/notifications">
            notification settings
          </Link>
          .
        </Alert>
      ) : params.result === "done" ? (
        <Alert tone="success" className="mt-6" title="You are unsubscribed">
          We will not email you about {label} any more. You still see them in the app. You can turn them back on in your{" "}
          <Link className="underline" href="/settings/notifications">
            notification settings
          </Link>
          .
        </Alert>
      ) : (
        <form method="post" action="/api/unsubscribe" className="mt-6 space-y-4">
          <p>Stop emails about {label}? You will still see them in the app.</p>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="from" value="page" />
          <button type="submit" className={buttonClasses({ variant: "primary" })}>
            Unsubscribe from {label} emails
          </button>
        </form>
      )}
    </main>
  );
}
