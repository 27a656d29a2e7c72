import type { Metadata } from "next";

import { VerifyEmail } from "~/app/(auth)/_components/verify-email";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";

export const metadata: Metadata = { title: "Confirm email" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  const token = firstParam((await searchParams).token) ?? null;
  return <VerifyEmail token={token} />;
}
