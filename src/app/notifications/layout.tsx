import type { ReactNode } from "react";

import { AppShell } from "~/components/app-shell";
import { requirePageSession } from "~/server/auth/page-session";

export default async function NotificationsLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession(undefined, "/notifications");
  return <AppShell session={session}>{children}</AppShell>;
}
