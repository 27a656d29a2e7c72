"use client";

import { type FormEvent, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { TextField } from "~/components/ui/field";
import { focusFirstInvalid, splitErrors, type TFieldErrors, zodFieldErrors } from "~/components/ui/form-errors";
import { ZChangePasswordSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

const shownFields = ["currentPassword", "newPassword"] as const;

function signedOutMessage(revoked: number): string {
  if (revoked === 0) return "Password changed. No other devices were signed in.";
  return `Password changed. ${revoked} other ${revoked === 1 ? "device was" : "devices were"} signed out.`;
}

export function ChangePasswordForm({ email }: { email: string }) {
  const utils = api.useUtils();
  const formRef = useRef<HTMLFormElement>(null);
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const change = api.account.changePassword.useMutation({
    onSuccess: () => {
      setCurrentPassword("");
      setNewPassword("");
      void utils.account.sessions.invalidate();
    },
    onError: (error) => {
      const split = splitErrors(error, shownFields);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
      focusFirstInvalid(formRef.current);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    change.reset();
    const parsed = ZChangePasswordSchema.safeParse({ currentPassword, newPassword });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    change.mutate(parsed.data);
  }

  return (
    <Card title="Password" description="Changing it signs out every other device.">
      <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {change.isSuccess ? <Alert tone="success">{signedOutMessage(change.data.revoked)}</Alert> : null}
        {/* Lets password managers tie the new password to this account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            error={errors.currentPassword}
          />
          <TextField
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint="8–128 characters."
            required
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            error={errors.newPassword}
          />
        </div>
        <Button type="submit" pending={change.isPending} pendingLabel="Changing password…">
          Change password
        </Button>
      </form>
    </Card>
  );
}
