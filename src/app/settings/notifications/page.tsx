import type { Metadata } from "next";

import { PreferencesMatrix } from "~/components/notifications/preferences-matrix";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";
import { matrixTypesFor, notificationCatalogue } from "~/server/notifications/catalogue";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const session = await requirePageSession(undefined, "/settings/notifications");
  // Only what this person can receive: a switch for a type nobody sends them would change nothing.
  const types = matrixTypesFor(session.user.role).map((type) => ({
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
