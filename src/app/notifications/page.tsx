import type { Metadata } from "next";
import Link from "next/link";

import { NotificationList } from "~/components/notifications/notification-list";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const session = await requirePageSession(undefined, "/notifications");
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            What happened to your loads and messages.{" "}
            <Link href="/settings/notifications" className="text-brand-700 underline">
              Choose what you get
            </Link>
            .
          </>
        }
      />
      <NotificationList role={session.user.role} />
    </>
  );
}
