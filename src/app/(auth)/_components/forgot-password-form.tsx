"use client";

import Link from "next/link";
import { type FormEvent, useEffect, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { focusFirstInvalid, splitErrors } from "~/components/ui/form-errors";
import { ZEmailSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

export function ForgotPasswordForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const request = api.auth.requestPasswordReset.useMutation({ onError: () => focusFirstInvalid(formRef.current) });
  const server = splitErrors(request.error, ["email"]);
  const emailError = clientError ?? server.fieldErrors.email;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZEmailSchema.safeParse(email);
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? "Enter a valid email address.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setClientError(null);
    request.mutate({ email: parsed.data });
  }

  if (request.isSuccess) return <LinkSent />;

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5">
      {server.formError ? <Alert tone="error">{server.formError}</Alert> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={emailError}
      />
      <Button type="submit" pending={request.isPending} pendingLabel="Sending…" className="w-full">
        Send reset link
      </Button>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="font-medium text-brand-700 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}

function LinkSent() {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="space-y-4">
      {/* The same answer whether or not the account exists, so the page cannot be used to probe for emails. */}
      <p
        ref={ref}
        tabIndex={-1}
        role="status"
        className="rounded-lg bg-emerald-50 px-4 py-3 text-emerald-900 outline-none"
      >
        If an account exists for that email, we sent a link. It works once and expires in 30 minutes.
      </p>
      <Link href="/sign-in" className={buttonClasses({ variant: "secondary", className: "w-full" })}>
        Back to sign in
      </Link>
    </div>
  );
}
