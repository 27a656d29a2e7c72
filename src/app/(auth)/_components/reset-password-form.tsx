"use client";

import Link from "next/link";
import { type FormEvent, useEffect, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { focusFirstInvalid, splitErrors } from "~/components/ui/form-errors";
import { ZPasswordSchema, ZTokenSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

const INVALID_LINK = "This reset link is invalid or has expired. Request a new one.";

export function ResetPasswordForm({ token }: { token: string | null }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const reset = api.auth.resetPassword.useMutation({ onError: () => focusFirstInvalid(formRef.current) });
  const server = splitErrors(reset.error, ["password"]);

  if (!token || !ZTokenSchema.safeParse(token).success) {
    return <BadLink message={INVALID_LINK} />;
  }
  if (reset.isSuccess) return <PasswordChanged />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZPasswordSchema.safeParse(password);
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? "Enter a new password.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setClientError(null);
    if (token) reset.mutate({ token, password: parsed.data });
  }

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5">
      {server.formError ? (
        <Alert tone="error">
          <p>{server.formError}</p>
          <p>
            <Link href="/forgot-password" className="font-semibold underline">
              Request a new link
            </Link>
          </p>
        </Alert>
      ) : null}
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="8–128 characters."
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={clientError ?? server.fieldErrors.password}
      />
      <Button type="submit" pending={reset.isPending} pendingLabel="Saving…" className="w-full">
        Set new password
      </Button>
    </form>
  );
}

function BadLink({ message }: { message: string }) {
  return (
    <div className="space-y-4">
      <Alert tone="error">{message}</Alert>
      <Link href="/forgot-password" className={buttonClasses({ className: "w-full" })}>
        Request a new link
      </Link>
    </div>
  );
}

function PasswordChanged() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="space-y-4">
      <h2 ref={ref} tabIndex={-1} className="text-xl font-semibold outline-none">
        Password changed
      </h2>
      <p className="text-slate-700">
        Your new password is set, and every device that was signed in has been signed out. Sign in with your new
        password.
      </p>
      <Link href="/sign-in" className={buttonClasses({ className: "w-full" })}>
        Sign in
      </Link>
    </div>
  );
}
