import type { Metadata } from "next";

import { PayoutsList } from "~/components/admin/payouts/payouts-list";
import { PageHeader } from "~/components/ui/page-header";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { requirePageSession } from "~/server/auth/page-session";
import { payoutStatuses } from "~/server/services/payouts/admin-payouts";

export const metadata: Metadata = { title: "Payouts" };

type TStatus = (typeof payoutStatuses)[number];

export default async function AdminPayoutsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["ADMIN"], "/admin/payouts");
  const params = await searchParams;
  const rawStatus = firstParam(params.status);
  const status = payoutStatuses.includes(rawStatus as TStatus) ? (rawStatus as TStatus) : undefined;
  const page = Math.min(10_000, Math.max(1, Number.parseInt(firstParam(params.page) ?? "1", 10) || 1));
  return (
    <>
      <PageHeader
        title="Payouts"
        description="Drivers' payouts with Stripe's answer. A failed one can be sent again, with a reason."
        back={{ href: "/admin", label: "Overview" }}
      />
      <PayoutsList key={`${status ?? ""}|${page}`} status={status} page={page} />
    </>
  );
}
