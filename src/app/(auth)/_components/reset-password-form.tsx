"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useForm } from "react-hook-form";

import { applyServerErrors } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { ZResetPasswordSchema, ZTokenSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

const INVALID_LINK = "This reset link is invalid or has expired. Request a new one.";

// The token comes from the link, not from an input: the form validates only the password.
const ZResetPasswordForm = ZResetPasswordSchema.pick({ password: true });

export function ResetPasswordForm({ token }: { token: string | null }) {
  if (!token || !ZTokenSchema.safeParse(token).success) {
    return <BadLink message={INVALID_LINK} />;
  }
  return <ResetPasswordFields token={token} />;
}

function ResetPasswordFields({ token }: { token: string }) {
  const form = useForm({ resolver: zodResolver(ZResetPasswordForm), defaultValues: { password: "" } });
  const { errors, isSubmitting } = form.formState;
  const reset = api.auth.resetPassword.useMutation();

  const onSubmit = form.handleSubmit(async ({ password }) => {
    try {
      await reset.mutateAsync({ token, password });
    } catch (error) {
      applyServerErrors(form.setError, error, ["password"]);
    }
  });

  if (reset.isSuccess) return <PasswordChanged />;

  const formError = errors.root?.server?.message;
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      {formError ? (
        <Alert tone="error">
          <p>{formError}</p>
          <p>
            <Link href="/forgot-password" className="font-semibold underline">
              Request a new link
            </Link>
          </p>
        </Alert>
      ) : null}
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="8–128 characters."
        required
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" pending={isSubmitting} pendingLabel="Saving…" className="w-full">
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
