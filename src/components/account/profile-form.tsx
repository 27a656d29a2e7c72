"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { TextField } from "~/components/ui/field";
import { QuantityField } from "~/components/units/quantity-field";
import { CAPACITY_KG, VehicleFields } from "~/components/vehicle-fields";
import type { VehicleType } from "~/generated/prisma/enums";
import { ZUpdateProfileSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

export type TProfile = {
  name: string;
  phone: string | null;
  driver: { vehicleType: VehicleType; capacityKg: number; plate: string } | null;
};

const shownFields = ["name", "phone", "driver.vehicleType", "driver.capacityKg", "driver.plate"] as const;

export function ProfileForm({ profile }: { profile: TProfile }) {
  const router = useRouter();
  const form = useForm<z.input<typeof ZUpdateProfileSchema>, unknown, z.output<typeof ZUpdateProfileSchema>>({
    resolver: zodResolver(ZUpdateProfileSchema),
    // Only drivers have vehicle details; a shipper's form sends none.
    defaultValues: { name: profile.name, phone: profile.phone ?? "", driver: profile.driver ?? undefined },
  });
  const { errors, isSubmitting } = form.formState;
  const vehicleType = useWatch({ control: form.control, name: "driver.vehicleType" });
  const update = api.account.updateProfile.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    update.reset();
    try {
      await update.mutateAsync(values);
      router.refresh(); // the top bar shows the name
    } catch (error) {
      applyServerErrors(form.setError, error, shownFields);
    }
  });

  return (
    <Card title="Profile" description="How shippers, drivers and our team see you.">
      <form noValidate onSubmit={onSubmit} className="space-y-5">
        <FormError errors={errors} />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="Name"
            autoComplete="name"
            required
            {...form.register("name")}
            error={errors.name?.message}
          />
          <TextField
            label="Phone"
            type="tel"
            autoComplete="tel"
            optional
            hint="For drivers and shippers on your jobs, e.g. +1 312 555 0100."
            {...form.register("phone")}
            error={errors.phone?.message}
          />
        </div>
        {profile.driver ? (
          <VehicleFields
            fields={{
              vehicleType: form.register("driver.vehicleType"),
              plate: form.register("driver.plate"),
            }}
            capacity={
              <Controller
                control={form.control}
                name="driver.capacityKg"
                render={({ field }) => (
                  <QuantityField
                    kind="weight"
                    label="Capacity"
                    name={field.name}
                    inputRef={field.ref}
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    required
                    minStored={CAPACITY_KG.min}
                    maxStored={CAPACITY_KG.max}
                    hint={undefined}
                    error={errors.driver?.capacityKg?.message}
                  />
                )}
              />
            }
            errors={{
              vehicleType: errors.driver?.vehicleType?.message,
              plate: errors.driver?.plate?.message,
            }}
            chosen={!!vehicleType}
            className="grid gap-5 sm:grid-cols-3"
            legendClassName="mb-2 text-sm font-semibold"
          />
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={isSubmitting} pendingLabel="Saving…">
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
