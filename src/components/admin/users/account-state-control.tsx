"use client";

import { useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { TextareaField } from "~/components/ui/field";
import { getErrorMessage } from "~/components/ui/form-errors";
import { api } from "~/trpc/react";

/** Disable / enable with a confirm step and an optional reason (kept in the audit log). */
export function AccountStateControl({
  userId,
  disabled,
  locked,
}: {
  userId: string;
  disabled: boolean;
  locked: boolean;
}) {
  const utils = api.useUtils();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const setDisabled = api.adminUsers.setDisabled.useMutation({
    onSuccess: async (user) => {
      setConfirming(false);
      setReason("");
      setDone(user.disabledAt ? "Account disabled. The user was signed out everywhere." : "Account enabled.");
      await Promise.all([utils.adminUsers.get.invalidate({ userId }), utils.adminUsers.list.invalidate()]);
    },
  });

  const verb = disabled ? "Enable" : "Disable";

  if (locked) {
    return <p className="text-sm text-slate-600">You can&apos;t disable your own account.</p>;
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        {disabled
          ? "This account is disabled: the user cannot sign in."
          : "Disabling the account signs the user out everywhere and stops them signing in."}
      </p>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {setDisabled.isError ? <Alert tone="error">{getErrorMessage(setDisabled.error)}</Alert> : null}
      {confirming ? (
        <form
          className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4"
          onSubmit={(e) => {
            e.preventDefault();
            setDisabled.mutate({ userId, disabled: !disabled, reason: reason.trim() || undefined });
          }}
        >
          <TextareaField
            label="Reason"
            optional
            hint="Saved in the audit log."
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              variant={disabled ? "primary" : "danger"}
              pending={setDisabled.isPending}
              pendingLabel={disabled ? "Enabling…" : "Disabling…"}
            >
              {verb} account now
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)} disabled={setDisabled.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button
          variant={disabled ? "secondary" : "danger"}
          onClick={() => {
            setDone(null);
            setDisabled.reset();
            setConfirming(true);
          }}
        >
          {verb} account
        </Button>
      )}
    </div>
  );
}
