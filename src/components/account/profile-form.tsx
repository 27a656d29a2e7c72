"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { SelectField, TextField } from "~/components/ui/field";
import { focusFirstInvalid, splitErrors, type TFieldErrors, zodFieldErrors } from "~/components/ui/form-errors";
import type { VehicleType } from "~/generated/prisma/enums";
import { ZUpdateProfileSchema } from "~/lib/schemas/auth";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";
import { api } from "~/trpc/react";

export type TProfile = {
  name: string;
  phone: string | null;
  driver: { vehicleType: VehicleType; capacityKg: number; plate: string } | null;
};

const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));
const shownFields = ["name", "phone", "vehicleType", "capacityKg", "plate"] as const;

export function ProfileForm({ profile }: { profile: TProfile }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(profile.name);
  const [phone, setPhone] = useState(profile.phone ?? "");
  const [vehicleType, setVehicleType] = useState<string>(profile.driver?.vehicleType ?? "");
  const [capacityKg, setCapacityKg] = useState(profile.driver ? String(profile.driver.capacityKg) : "");
  const [plate, setPlate] = useState(profile.driver?.plate ?? "");
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
      ...(profile.driver ? { driver: { vehicleType, capacityKg, plate } } : {}),
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
          <fieldset className="grid gap-5 sm:grid-cols-3">
            <legend className="mb-2 text-sm font-semibold">Your vehicle</legend>
            <SelectField
              label="Vehicle type"
              name="vehicleType"
              required
              options={vehicleOptions}
              value={vehicleType}
              onChange={(e) => setVehicleType(e.target.value)}
              error={errors.vehicleType}
            />
            <TextField
              label="Capacity (kg)"
              name="capacityKg"
              type="number"
              inputMode="numeric"
              min={50}
              max={40000}
              step={1}
              required
              value={capacityKg}
              onChange={(e) => setCapacityKg(e.target.value)}
              error={errors.capacityKg}
            />
            <TextField
              label="Licence plate"
              name="plate"
              autoComplete="off"
              autoCapitalize="characters"
              required
              value={plate}
              onChange={(e) => setPlate(e.target.value)}
              error={errors.plate}
            />
          </fieldset>
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
