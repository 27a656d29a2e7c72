"use client";

import { useState } from "react";

import { ReasonForm } from "~/components/forms/reason-form";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
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
  const [done, setDone] = useState<string | null>(null);
  const setDisabled = api.adminUsers.setDisabled.useMutation();

  const verb = disabled ? "Enable" : "Disable";

  if (locked) {
    return <p className="text-sm text-slate-600">You can&apos;t disable your own account.</p>;
  }

  async function onSubmit(reason: string | undefined) {
    const user = await setDisabled.mutateAsync({ userId, disabled: !disabled, reason });
    setConfirming(false);
    setDone(user.disabledAt ? "Account disabled. The user was signed out everywhere." : "Account enabled.");
    await Promise.all([utils.adminUsers.get.invalidate({ userId }), utils.adminUsers.list.invalidate()]);
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        {disabled
          ? "This account is disabled: the user cannot sign in."
          : "Disabling the account signs the user out everywhere and stops them signing in."}
      </p>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {confirming ? (
        <ReasonForm
          title={`${verb} this account?`}
          headingLevel={3}
          hint="Saved in the audit log."
          optional
          variant={disabled ? "primary" : "danger"}
          submitLabel={`${verb} account now`}
          pendingLabel={disabled ? "Enabling…" : "Disabling…"}
          keepLabel="Cancel"
          className="rounded-lg border border-slate-200 bg-slate-50 p-4"
          onSubmit={onSubmit}
          onKeep={() => setConfirming(false)}
        />
      ) : (
        <Button
          variant={disabled ? "secondary" : "danger"}
          onClick={() => {
            setDone(null);
            setConfirming(true);
          }}
        >
          {verb} account
        </Button>
      )}
    </div>
  );
}
