"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Controller, type Resolver, type ResolverOptions, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";

import { HomeBaseSearch } from "~/components/account/home-base-search";
import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Button, buttonClasses } from "~/components/ui/button";
import { ChoiceGroup, TextField } from "~/components/ui/field";
import { QuantityField } from "~/components/units/quantity-field";
import { useUnits } from "~/components/units/units-context";
import { CAPACITY_KG, VehicleFields } from "~/components/vehicle-fields";
import { type TRegisterInput, ZRegisterSchema } from "~/lib/schemas/auth";
import { formatWeight } from "~/lib/units";
import { api } from "~/trpc/react";

type TRole = TRegisterInput["role"];
type TRegisterSchemaInput = z.input<typeof ZRegisterSchema>;
/** Every field a person can fill in; the role stays empty until they choose one. */
type TRegisterForm = Omit<Extract<TRegisterSchemaInput, { role: "DRIVER" }>, "role"> & { role?: TRole };

const roleChoices = [
  { value: "SHIPPER", label: "I ship freight", description: "Post loads and follow them live." },
  { value: "DRIVER", label: "I drive", description: "Find loads that fit your vehicle." },
] as const;

const shownFields = [
  "role",
  "name",
  "email",
  "password",
  "driver.vehicleType",
  "driver.capacityKg",
  "driver.plate",
  "homeBase",
] as const;

const schemaResolver = zodResolver(ZRegisterSchema);

/**
 * ZRegisterSchema is a union on the role: without a role it would report only the role, so the other fields are
 * checked as a shipper's and the missing role is added; a shipper's form ignores the (hidden) vehicle fields.
 */
const registerResolver: Resolver<TRegisterForm, unknown, TRegisterInput> = async (values, context, options) => {
  const { role, driver, homeBase, ...common } = values;
  const candidate: TRegisterSchemaInput =
    role === "DRIVER" ? { ...common, role, driver, homeBase } : { ...common, role: "SHIPPER" };
  const result = await schemaResolver(candidate, context, options as unknown as ResolverOptions<TRegisterSchemaInput>);
  if (role) return result as Awaited<ReturnType<Resolver<TRegisterForm, unknown, TRegisterInput>>>;
  return {
    values: {},
    errors: { role: { type: "required", message: "Choose how you'll use Trial Transport." }, ...result.errors },
  };
};

export function RegisterForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<TRegisterForm, unknown, TRegisterInput>({
    resolver: registerResolver,
    defaultValues: { name: "", email: "", password: "", driver: { vehicleType: undefined, plate: "" } },
  });
  const { errors, isSubmitting } = form.formState;
  const [role, vehicleType] = useWatch({ control: form.control, name: ["role", "driver.vehicleType"] });
  const register = api.auth.register.useMutation();
  const units = useUnits();

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await register.mutateAsync(values);
      setSentTo(values.email);
    } catch (error) {
      applyServerErrors(form.setError, error, shownFields);
    }
  });

  if (sentTo) return <CheckYourEmail email={sentTo} />;

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      <FormError errors={errors} />
      <Controller
        control={form.control}
        name="role"
        render={({ field }) => (
          <ChoiceGroup
            legend="How will you use Trial Transport?"
            name={field.name}
            value={field.value}
            options={roleChoices}
            onChange={field.onChange}
            ref={field.ref}
            error={errors.role?.message}
          />
        )}
      />
      <TextField label="Name" autoComplete="name" required {...form.register("name")} error={errors.name?.message} />
      <TextField
        label="Email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        {...form.register("email")}
        error={errors.email?.message}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="8–128 characters."
        required
        {...form.register("password")}
        error={errors.password?.message}
      />
      {role === "DRIVER" ? (
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
                  hint={`The heaviest load you can carry, ${formatWeight(CAPACITY_KG.min, units)}–${formatWeight(CAPACITY_KG.max, units)}.`}
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
          showHints
          className="space-y-4 rounded-lg border border-slate-200 p-4"
          legendClassName="px-1 text-sm font-semibold"
        />
      ) : null}
      {role === "DRIVER" ? (
        <Controller
          control={form.control}
          name="homeBase"
          render={({ field }) => (
            <div className="space-y-2">
              <HomeBaseSearch
                signedIn={false}
                error={errors.homeBase?.message ?? errors.homeBase?.label?.message}
                defaultValue={field.value?.label}
                onSelect={field.onChange}
              />
              <p className="text-sm text-slate-600">
                {field.value ? (
                  <>
                    Home base: <strong>{field.value.label}</strong>{" "}
                    <button
                      type="button"
                      className="font-medium text-brand-700 underline"
                      onClick={() => field.onChange(undefined)}
                    >
                      Remove
                    </button>
                  </>
                ) : (
                  "Optional: you can set it later in your account."
                )}
              </p>
            </div>
          )}
        />
      ) : null}
      <Button type="submit" pending={isSubmitting} pendingLabel="Creating account…" className="w-full">
        Create account
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

function CheckYourEmail({ email }: { email: string }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form this replaces had focus; move it to the news so keyboard and screen-reader users land on it.
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="space-y-4">
      <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        Check your email
      </h2>
      <p className="text-slate-700">
        We sent a confirmation link to <strong className="break-all">{email}</strong>. Open it to confirm your account.
        The link expires in 24 hours.
      </p>
      <Link href="/sign-in" className={buttonClasses({ className: "w-full" })}>
        Sign in
      </Link>
    </div>
  );
}
