import type { Metadata } from "next";

import { UserDetail } from "~/components/admin/users/user-detail";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "User" };

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession(["ADMIN"]);
  const { id } = await params;
  // Awaited: a failed prefetch is then left to the client, which gets the real error (not a redacted stream error).
  await api.adminUsers.get.prefetch({ userId: id });
  return (
    <HydrateClient>
      <UserDetail userId={id} isSelf={session.user.id === id} />
    </HydrateClient>
  );
}
