"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { TextField } from "~/components/ui/field";
import { ZChangePasswordSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

const shownFields = ["currentPassword", "newPassword"] as const;

function signedOutMessage(revoked: number): string {
  if (revoked === 0) return "Password changed. No other devices were signed in.";
  return `Password changed. ${revoked} other ${revoked === 1 ? "device was" : "devices were"} signed out.`;
}

export function ChangePasswordForm({ email }: { email: string }) {
  const utils = api.useUtils();
  const form = useForm({
    resolver: zodResolver(ZChangePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const change = api.account.changePassword.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    change.reset();
    try {
      await change.mutateAsync(values);
      form.reset();
      void utils.account.sessions.invalidate();
    } catch (error) {
      // Both passwords stay as typed, so a weak new one can be fixed without retyping the current one.
      applyServerErrors(form.setError, error, shownFields);
    }
  });

  return (
    <Card title="Password" description="Changing it signs out every other device.">
      <form noValidate onSubmit={onSubmit} className="space-y-5">
        <FormError errors={errors} />
        {change.isSuccess ? <Alert tone="success">{signedOutMessage(change.data.revoked)}</Alert> : null}
        {/* Lets password managers tie the new password to this account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            {...form.register("currentPassword")}
            error={errors.currentPassword?.message}
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="8–128 characters."
            required
            {...form.register("newPassword")}
            error={errors.newPassword?.message}
          />
        </div>
        <Button type="submit" pending={isSubmitting} pendingLabel="Changing password…">
          Change password
        </Button>
      </form>
    </Card>
  );
}
