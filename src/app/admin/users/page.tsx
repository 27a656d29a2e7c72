import type { Metadata } from "next";
import { Suspense } from "react";

import { listInput, parseUserFilters } from "~/components/admin/users/filters";
import { UsersList } from "~/components/admin/users/users-list";
import { PageHeader } from "~/components/ui/page-header";
import { type TSearchParamsRecord, toURLSearchParams } from "~/components/ui/search-params";
import { Spinner } from "~/components/ui/spinner";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  await requirePageSession(["ADMIN"]);
  const filters = parseUserFilters(toURLSearchParams(await searchParams));
  // Awaited: a failed prefetch is then left to the client, which gets the real error (not a redacted stream error).
  await api.adminUsers.list.prefetch(listInput(filters));
  return (
    <HydrateClient>
      <PageHeader title="Users" description="Find an account, check its state, and act on it." />
      <Suspense fallback={<Spinner label="Loading users…" />}>
        <UsersList />
      </Suspense>
    </HydrateClient>
  );
}
