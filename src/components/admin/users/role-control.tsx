"use client";

import { type FormEvent, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { SelectField } from "~/components/ui/field";
import { splitErrors } from "~/components/ui/form-errors";
import type { Role } from "~/generated/prisma/enums";
import { api } from "~/trpc/react";
import { roleValues } from "./filters";
import { roleLabel } from "./labels";

const roleOptions = roleValues.map((r) => ({ value: r, label: roleLabel[r] }));

export function RoleControl({ userId, role, locked }: { userId: string; role: Role; locked: boolean }) {
  const utils = api.useUtils();
  const [selected, setSelected] = useState<Role>(role);
  const [saved, setSaved] = useState<Role | null>(null);
  const setRole = api.adminUsers.setRole.useMutation({
    onSuccess: async (user) => {
      setSaved(user.role);
      await Promise.all([utils.adminUsers.get.invalidate({ userId }), utils.adminUsers.list.invalidate()]);
    },
  });
  const { fieldErrors, formError } = splitErrors(setRole.error, ["role"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    setRole.mutate({ userId, role: selected });
  }

  if (locked) return <p className="text-sm text-slate-600">You can&apos;t change your own role.</p>;

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {saved && !setRole.isPending ? <Alert tone="success">Role changed to {roleLabel[saved]}.</Alert> : null}
      <SelectField
        label="Change role"
        className="max-w-xs"
        options={roleOptions}
        value={selected}
        onChange={(e) => setSelected(roleValues.find((r) => r === e.target.value) ?? role)}
        error={fieldErrors.role}
        hint="Only people who registered as drivers have vehicle details, so only they can be drivers."
      />
      <Button type="submit" pending={setRole.isPending} pendingLabel="Saving…" disabled={selected === role}>
        Save role
      </Button>
    </form>
  );
}
