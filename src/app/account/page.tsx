import type { Metadata } from "next";
import Link from "next/link";

import { ChangePasswordForm } from "~/components/account/change-password-form";
import { HomeBaseForm } from "~/components/account/home-base-form";
import { PhoneVerification } from "~/components/account/phone-verification";
import { ProfileForm } from "~/components/account/profile-form";
import { PushNotifications } from "~/components/account/push-notifications";
import { SessionsList } from "~/components/account/sessions-list";
import { UnitsForm } from "~/components/account/units-form";
import { AvatarCard } from "~/components/files/avatar-card";
import { DriverDocuments } from "~/components/files/driver-documents";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Account" };

const roleLabel = { SHIPPER: "Shipper", DRIVER: "Driver", ADMIN: "Admin" } as const;

export default async function AccountPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(undefined, "/account");
  const [me] = await Promise.all([api.account.me(), api.account.sessions.prefetch()]);
  const driver = me.driverProfile
    ? {
        vehicleType: me.driverProfile.vehicleType,
        capacityKg: me.driverProfile.capacityKg,
        plate: me.driverProfile.plate,
      }
    : null;
  const base = me.driverProfile;
  // A base stored before it had a name (or set by an admin) shows as its point.
  const homeBase =
    base && base.baseLat !== null && base.baseLng !== null
      ? {
          label: base.baseLabel ?? `${base.baseLat.toFixed(3)}°, ${base.baseLng.toFixed(3)}°`,
          lat: base.baseLat,
          lng: base.baseLng,
        }
      : null;

  return (
    <HydrateClient>
      <PageHeader
        title="Account"
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{me.email}</span>
            {me.emailVerifiedAt ? (
              <Badge tone="success">Email confirmed</Badge>
            ) : (
              <Badge tone="warning">Email not confirmed</Badge>
            )}
            <Badge>{roleLabel[me.role]}</Badge>
          </span>
        }
      />
      <div className="space-y-6">
        <AvatarCard fileId={me.avatarFileId} name={me.name} />
        <ProfileForm profile={{ name: me.name, phone: me.phone, driver }} />
        {driver ? <HomeBaseForm stored={homeBase} /> : null}
        {me.role === "DRIVER" ? <DriverDocuments driverId={me.id} canUpload /> : null}
        <UnitsForm stored={me.unitSystem} />
        <PhoneVerification
          status={{ phone: me.phone, phoneVerifiedAt: me.phoneVerifiedAt, smsOptedOutAt: me.smsOptedOutAt }}
        />
        <PushNotifications />
        <ChangePasswordForm email={me.email} />
        <Card
          title="Notifications"
          description="Choose which notifications you get in the app, by email, SMS and push."
        >
          <Link href="/settings/notifications" className={buttonClasses({ variant: "secondary" })}>
            Notification settings
          </Link>
        </Card>
        <SessionsList />
      </div>
    </HydrateClient>
  );
}
