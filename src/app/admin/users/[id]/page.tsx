import type { Metadata } from "next";

import { UserDetail } from "~/components/admin/users/user-detail";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient, loadOrNotFound } from "~/trpc/server";

export const metadata: Metadata = { title: "User" };

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession(["ADMIN"]);
  const { id } = await params;
  // An unknown (or malformed) id is the 404 page, as on every detail page.
  await loadOrNotFound("adminUsers.get", { userId: id }, api.adminUsers.get);
  return (
    <HydrateClient>
      <UserDetail userId={id} isSelf={session.user.id === id} />
    </HydrateClient>
  );
}
