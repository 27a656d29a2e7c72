import type { Metadata } from "next";

import { ForgotPasswordForm } from "~/app/(auth)/_components/forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold tracking-tight">Reset your password</h1>
      <p className="mb-6 text-slate-600">
        Enter the email you signed up with and we&apos;ll send you a link to choose a new password.
      </p>
      <ForgotPasswordForm />
    </>
  );
}
