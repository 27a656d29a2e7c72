import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { RegisterForm } from "~/app/(auth)/_components/register-form";
import { getPageSession, homeFor } from "~/server/auth/page-session";

export const metadata: Metadata = { title: "Create account" };

export default async function RegisterPage() {
  const session = await getPageSession();
  if (session) redirect(homeFor[session.user.role]);
  return (
    <>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Create account</h1>
      <RegisterForm />
    </>
  );
}
