"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import { ZTokenSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

const INVALID_LINK = "This verification link is not valid. Request a new one from your account.";

export function VerifyEmail({ token }: { token: string | null }) {
  const valid = token !== null && ZTokenSchema.safeParse(token).success;
  const verify = api.auth.verifyEmail.useMutation();
  const { mutate } = verify;
  const started = useRef(false);

  useEffect(() => {
    // Tokens are single use: Strict Mode runs effects twice, and a second call would report "already used".
    if (!valid || !token || started.current) return;
    started.current = true;
    mutate({ token });
  }, [valid, token, mutate]);

  if (verify.isSuccess) {
    // A link opened again (or after a newer one) finds its goal reached: say so, not "we couldn't confirm".
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">
          {verify.data.alreadyVerified ? "Your email is already confirmed" : "Email confirmed"}
        </h1>
        <p className="text-slate-700">
          {verify.data.alreadyVerified ? (
            <>
              <strong className="break-all">{verify.data.email}</strong> was confirmed earlier: there is nothing more to
              do.
            </>
          ) : (
            <>
              Thanks! <strong className="break-all">{verify.data.email}</strong> is confirmed. You can now post
              shipments and accept loads.
            </>
          )}
        </p>
        <Link href="/after-sign-in" className={buttonClasses({ className: "w-full" })}>
          Continue
        </Link>
      </div>
    );
  }

  if (!valid || verify.isError) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">We couldn&apos;t confirm your email</h1>
        <Alert tone="error">{valid ? getErrorMessage(verify.error) : INVALID_LINK}</Alert>
        <p className="text-sm text-slate-600">
          Sign in and use &ldquo;Resend email&rdquo; in the banner at the top of the page to get a new link.
        </p>
        <Link href="/sign-in" className={buttonClasses({ className: "w-full" })}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Confirming your email</h1>
      <Spinner label="Confirming your email…" />
    </div>
  );
}
