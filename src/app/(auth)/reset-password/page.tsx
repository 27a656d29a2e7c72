import type { Metadata } from "next";

import { ResetPasswordForm } from "~/app/(auth)/_components/reset-password-form";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  const token = firstParam((await searchParams).token) ?? null;
  return (
    <>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Choose a new password</h1>
      <ResetPasswordForm token={token} />
    </>
  );
}
