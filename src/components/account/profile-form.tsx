"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { TextField } from "~/components/ui/field";
import { toVehicleInput, type TVehicleDraft, VehicleFields } from "~/components/vehicle-fields";
import { focusFirstInvalid, splitErrors, type TFieldErrors, zodFieldErrors } from "~/components/ui/form-errors";
import type { VehicleType } from "~/generated/prisma/enums";
import { ZUpdateProfileSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

export type TProfile = {
  name: string;
  phone: string | null;
  driver: { vehicleType: VehicleType; capacityKg: number; plate: string } | null;
};

const shownFields = ["name", "phone", "vehicleType", "capacityKg", "plate"] as const;

export function ProfileForm({ profile }: { profile: TProfile }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(profile.name);
  const [phone, setPhone] = useState(profile.phone ?? "");
  const [vehicle, setVehicle] = useState<TVehicleDraft>({
    vehicleType: profile.driver?.vehicleType ?? "",
    capacityKg: profile.driver ? String(profile.driver.capacityKg) : "",
    plate: profile.driver?.plate ?? "",
  });
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const update = api.account.updateProfile.useMutation({
    onSuccess: () => router.refresh(), // the top bar shows the name
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
    update.reset();
    const parsed = ZUpdateProfileSchema.safeParse({
      name,
      phone,
      ...(profile.driver ? { driver: toVehicleInput(vehicle) } : {}),
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    update.mutate(parsed.data);
  }

  return (
    <Card title="Profile" description="How shippers, drivers and our team see you.">
      <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <TextField
            label="Phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            optional
            hint="For drivers and shippers on your jobs, e.g. +1 312 555 0100."
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            error={errors.phone}
          />
        </div>
        {profile.driver ? (
          <VehicleFields
            value={vehicle}
            onChange={setVehicle}
            errors={errors}
            className="grid gap-5 sm:grid-cols-3"
            legendClassName="mb-2 text-sm font-semibold"
          />
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={update.isPending} pendingLabel="Saving…">
            Save profile
          </Button>
          <p aria-live="polite" className="text-sm text-emerald-800">
            {update.isSuccess ? "Profile saved." : ""}
          </p>
        </div>
      </form>
    </Card>
  );
}
