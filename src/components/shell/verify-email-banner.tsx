"use client";

import { useRouter } from "next/navigation";

import { Button } from "~/components/ui/button";
import { getErrorMessage } from "~/components/ui/form-errors";
import { api } from "~/trpc/react";

export function VerifyEmailBanner() {
  const router = useRouter();
  const resend = api.auth.resendVerification.useMutation({
    onSuccess: (data) => {
      // Not sent means the address was confirmed meanwhile (another tab): reload to drop the banner.
      if (!data.sent) router.refresh();
    },
  });
  return (
    <div className="border-b border-amber-200 bg-amber-50">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 text-sm text-amber-950 sm:px-6">
        <p className="font-medium">Confirm your email to post shipments and accept loads.</p>
        <Button
          variant="secondary"
          size="sm"
          pending={resend.isPending}
          pendingLabel="Sending…"
          onClick={() => resend.mutate()}
        >
          Resend email
        </Button>
        <div aria-live="polite" className="min-w-0">
          {resend.isSuccess ? (
            <p role="status">
              {resend.data.sent ? "Email sent. Check your inbox." : "Your email is already confirmed."}
            </p>
          ) : null}
          {resend.isError ? (
            <p role="alert" className="font-medium text-red-800">
              {getErrorMessage(resend.error)}
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}
