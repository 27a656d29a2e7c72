"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Button, buttonClasses } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { ZEmailSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

const ZForgotPasswordForm = z.object({ email: ZEmailSchema });

export function ForgotPasswordForm() {
  const form = useForm({ resolver: zodResolver(ZForgotPasswordForm), defaultValues: { email: "" } });
  const { errors, isSubmitting } = form.formState;
  const request = api.auth.requestPasswordReset.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await request.mutateAsync(values);
    } catch (error) {
      applyServerErrors(form.setError, error, ["email"]);
    }
  });

  if (request.isSuccess) return <LinkSent />;

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      <FormError errors={errors} />
      <TextField
        label="Email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        {...form.register("email")}
        error={errors.email?.message}
      />
      <Button type="submit" pending={isSubmitting} pendingLabel="Sending…" className="w-full">
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
