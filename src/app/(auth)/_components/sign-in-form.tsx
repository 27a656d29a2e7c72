"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { SERVER_ERROR } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { ZEmailSchema } from "~/lib/schemas/auth";

const NETWORK_ERROR = "Could not reach the server. Check your connection and try again.";
const REFUSED_ERROR = "Signing in did not go through. Reload the page and try again.";

// The server checks the email the same way (src/server/auth/config.ts); any password is worth a try.
const ZSignInForm = z.object({
  email: ZEmailSchema,
  password: z.string().min(1, { error: "Enter your password." }),
});

/** next-auth passes the message thrown in `authorize`; its own codes are turned into sentences. */
function signInMessage(error: string | null | undefined): string {
  if (!error || error === "CredentialsSignin") return "Email or password is incorrect.";
  if (/^[A-Za-z]+$/.test(error)) return "Sign-in failed. Please try again.";
  return error;
}

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string | null; initialError: string | null }) {
  const router = useRouter();
  const form = useForm({ resolver: zodResolver(ZSignInForm), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting, isSubmitSuccessful, submitCount } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const res = await signIn("credentials", { ...values, redirect: false });
      if (!res?.ok || res.error) {
        form.setError(SERVER_ERROR, { type: "server", message: signInMessage(res?.error) });
        return;
      }
      router.replace(callbackUrl ?? "/after-sign-in");
      router.refresh();
    } catch (error) {
      // fetch() failing is the network; anything else is an answer next-auth could not read (a refused request).
      const offline = !navigator.onLine || /fetch|network|load failed/i.test(String(error));
      form.setError(SERVER_ERROR, { type: "server", message: offline ? NETWORK_ERROR : REFUSED_ERROR });
    }
  });

  // The error the page was opened with (e.g. from a failed callback) shows until the first try.
  const formError = errors.root?.server?.message ?? (submitCount === 0 ? initialError : null);
  // After success the button stays busy until the next page replaces this one.
  const pending = isSubmitting || (isSubmitSuccessful && !formError);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        {...form.register("email")}
        error={errors.email?.message}
      />
      <div className="space-y-1.5">
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          {...form.register("password")}
          error={errors.password?.message}
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
