import type { Metadata } from "next";

import { ExceptionsQueue, RecentResolutions } from "~/components/admin/ops/exceptions-queue";
import { PageHeader } from "~/components/ui/page-header";
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { requirePageSession } from "~/server/auth/page-session";
import { exceptionKinds, type TExceptionKind } from "~/server/services/admin/exceptions";

export const metadata: Metadata = { title: "Exceptions" };

export default async function AdminExceptionsPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["ADMIN"], "/admin/exceptions");
  const params = await searchParams;
  const rawKind = firstParam(params.kind);
  const kind = exceptionKinds.includes(rawKind as TExceptionKind) ? (rawKind as TExceptionKind) : undefined;
  const page = Math.min(10_000, Math.max(1, Number.parseInt(firstParam(params.page) ?? "1", 10) || 1));
  return (
    <>
      <PageHeader
        title="Exceptions"
        description="What needs a person now, computed from live data. Act on the shipment, or resolve with a reason."
        back={{ href: "/admin", label: "Overview" }}
      />
      <ExceptionsQueue key={`${kind ?? ""}|${page}`} kind={kind} page={page} />
      <div className="mt-10">
        <RecentResolutions />
      </div>
    </>
  );
}
