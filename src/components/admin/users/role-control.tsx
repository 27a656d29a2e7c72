"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { SelectField } from "~/components/ui/field";
import type { Role } from "~/generated/prisma/enums";
import { api } from "~/trpc/react";
import { roleValues } from "./filters";
import { roleLabel } from "./labels";

const roleOptions = roleValues.map((r) => ({ value: r, label: roleLabel[r] }));
const ZRoleForm = z.object({ role: z.enum(roleValues) });

export function RoleControl({ userId, role, locked }: { userId: string; role: Role; locked: boolean }) {
  const utils = api.useUtils();
  const [saved, setSaved] = useState<Role | null>(null);
  const form = useForm({ resolver: zodResolver(ZRoleForm), defaultValues: { role } });
  const { errors, isSubmitting } = form.formState;
  const selected = useWatch({ control: form.control, name: "role" });
  const setRole = api.adminUsers.setRole.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    setSaved(null);
    try {
      const user = await setRole.mutateAsync({ userId, role: values.role });
      setSaved(user.role);
      await Promise.all([utils.adminUsers.get.invalidate({ userId }), utils.adminUsers.list.invalidate()]);
    } catch (error) {
      // e.g. "A driver needs vehicle details." beside the picker.
      applyServerErrors(form.setError, error, ["role"]);
    }
  });

  if (locked) return <p className="text-sm text-slate-600">You can&apos;t change your own role.</p>;

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-3">
      <FormError errors={errors} />
      {saved && !isSubmitting ? <Alert tone="success">Role changed to {roleLabel[saved]}.</Alert> : null}
      <SelectField
        label="Change role"
        className="max-w-xs"
        options={roleOptions}
        {...form.register("role")}
        error={errors.role?.message}
        hint="Only people who registered as drivers have vehicle details, so only they can be drivers."
      />
      <Button type="submit" pending={isSubmitting} pendingLabel="Saving…" disabled={selected === role}>
        Save role
      </Button>
    </form>
  );
}
