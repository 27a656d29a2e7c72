import type { Metadata } from "next";

import { PreferencesMatrix } from "~/components/notifications/preferences-matrix";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";
import { notificationCatalogue, notificationTypes } from "~/server/notifications/catalogue";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  await requirePageSession(undefined, "/settings/notifications");
  const types = notificationTypes.map((type) => ({
    type,
    label: notificationCatalogue[type].label,
    description: notificationCatalogue[type].description,
  }));
  return (
    <>
      <PageHeader title="Notification settings" description="Changes are saved as soon as you make them." />
      <PreferencesMatrix types={types} />
    </>
  );
}
