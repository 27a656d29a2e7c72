"use client";

import Link from "next/link";
import { type FormEvent, useEffect, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { ChoiceGroup, TextField } from "~/components/ui/field";
import { toVehicleInput, type TVehicleDraft, VehicleFields } from "~/components/vehicle-fields";
import { focusFirstInvalid, splitErrors, type TFieldErrors, zodFieldErrors } from "~/components/ui/form-errors";
import { ZRegisterSchema } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

type TRole = "SHIPPER" | "DRIVER";

const roleChoices = [
  { value: "SHIPPER", label: "I ship freight", description: "Post loads and follow them live." },
  { value: "DRIVER", label: "I drive", description: "Find loads that fit your vehicle." },
] as const;

const shownFields = ["role", "name", "email", "password", "vehicleType", "capacityKg", "plate"] as const;

export function RegisterForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [role, setRole] = useState<TRole | undefined>(undefined);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [vehicle, setVehicle] = useState<TVehicleDraft>({ vehicleType: "", capacityKg: "", plate: "" });
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const register = api.auth.register.useMutation({
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
    const driver = role === "DRIVER" ? { driver: toVehicleInput(vehicle) } : {};
    // Without a role the union would report only the role, so the other fields are checked as a shipper's.
    const parsed = ZRegisterSchema.safeParse({ role: role ?? "SHIPPER", name, email, password, ...driver });
    if (!parsed.success || !role) {
      const next: TFieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
      if (!role) next.role = "Choose how you'll use Trial Transport.";
      setErrors(next);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    register.mutate(parsed.data, { onSuccess: () => setSentTo(parsed.data.email) });
  }

  if (sentTo) return <CheckYourEmail email={sentTo} />;

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <ChoiceGroup
        legend="How will you use Trial Transport?"
        name="role"
        value={role}
        options={roleChoices}
        onChange={setRole}
        error={errors.role}
      />
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
        label="Email"
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="8–128 characters."
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      {role === "DRIVER" ? (
        <VehicleFields
          value={vehicle}
          onChange={setVehicle}
          errors={errors}
          showHints
          className="space-y-4 rounded-lg border border-slate-200 p-4"
          legendClassName="px-1 text-sm font-semibold"
        />
      ) : null}
      <Button type="submit" pending={register.isPending} pendingLabel="Creating account…" className="w-full">
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
