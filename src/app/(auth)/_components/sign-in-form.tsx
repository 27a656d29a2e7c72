"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { focusFirstInvalid, type TFieldErrors } from "~/components/ui/form-errors";
import { TextField } from "~/components/ui/field";
import { ZEmailSchema } from "~/lib/schemas/auth";

const NETWORK_ERROR = "Could not reach the server. Check your connection and try again.";

/** next-auth passes the message thrown in `authorize`; its own codes are turned into sentences. */
function signInMessage(error: string | null | undefined): string {
  if (!error || error === "CredentialsSignin") return "Email or password is incorrect.";
  if (/^[A-Za-z]+$/.test(error)) return "Sign-in failed. Please try again.";
  return error;
}

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string | null; initialError: string | null }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nextErrors: TFieldErrors = {};
    const parsedEmail = ZEmailSchema.safeParse(email);
    if (!parsedEmail.success) nextErrors.email = parsedEmail.error.issues[0]?.message ?? "Enter a valid email address.";
    if (!password) nextErrors.password = "Enter your password.";
    setErrors(nextErrors);
    setFormError(null);
    if (!parsedEmail.success || !password) {
      focusFirstInvalid(formRef.current);
      return;
    }

    setPending(true);
    try {
      const res = await signIn("credentials", { email: parsedEmail.data, password, redirect: false });
      if (!res?.ok || res.error) {
        setFormError(signInMessage(res?.error));
        setPending(false);
        return;
      }
      // Stays pending until the next page replaces this one.
      router.replace(callbackUrl ?? "/after-sign-in");
      router.refresh();
    } catch {
      setFormError(NETWORK_ERROR);
      setPending(false);
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
      />
      <div className="space-y-1.5">
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Forgot password?
          </Link>
        </p>
      </div>
      <Button type="submit" pending={pending} pendingLabel="Signing in…" className="w-full">
        Sign in
      </Button>
      <p className="text-center text-sm text-slate-600">
        New to Trial Transport?{" "}
        <Link href="/register" className="font-medium text-brand-700 hover:underline">
          Create account
        </Link>
      </p>
    </form>
  );
}
