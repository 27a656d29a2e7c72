"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { getErrorMessage } from "~/components/ui/form-errors";
import { PageHeader } from "~/components/ui/page-header";
import { Spinner } from "~/components/ui/spinner";
import { Weight } from "~/components/units/quantities";
import { vehicleLabel } from "~/lib/vehicles";
import { api } from "~/trpc/react";
import { AccountStateControl } from "./account-state-control";
import { DriverDocuments } from "~/components/files/driver-documents";
import { AuditLog } from "./audit-log";
import { RoleBadge, UserStateBadges } from "./labels";
import { RoleControl } from "./role-control";

const back = { href: "/admin/users", label: "All users" };

export function UserDetail({ userId, isSelf }: { userId: string; isSelf: boolean }) {
  const query = api.adminUsers.get.useQuery({ userId });

  if (query.isPending) {
    return (
      <>
        <PageHeader title="User" back={back} />
        <Spinner label="Loading user…" />
      </>
    );
  }
  if (query.isError) {
    // A malformed id fails input validation: for the reader it is the same as an unknown one.
    const notFound = query.error.data?.code === "NOT_FOUND" || !!query.error.data?.zodError;
    return (
      <>
        <PageHeader title={notFound ? "User not found" : "User"} back={back} />
        {notFound ? (
          <EmptyState title="No such user" description="The account may have been deleted, or the link is wrong." />
        ) : (
          <Alert tone="error">
            <p>{getErrorMessage(query.error)}</p>
            <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </Alert>
        )}
      </>
    );
  }

  const { user, activeSessions, audit } = query.data;
  const driver = user.driverProfile;
  return (
    <>
      <PageHeader
        title={user.name}
        back={back}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{user.email}</span>
            <RoleBadge role={user.role} />
            <UserStateBadges disabledAt={user.disabledAt} emailVerifiedAt={user.emailVerifiedAt} />
          </span>
        }
      />
      {isSelf ? (
        <Alert tone="info" className="mb-6">
          This is your own account. Another admin has to disable it or change its role.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
            <Item label="Phone">{user.phone ?? "—"}</Item>
            <Item label="Joined">
              <DateTime value={user.createdAt} format="date" />
            </Item>
            <Item label="Email">
              {user.emailVerifiedAt ? (
                <>
                  Confirmed <DateTime value={user.emailVerifiedAt} format="date" />
                </>
              ) : (
                "Not confirmed"
              )}
            </Item>
            <Item label="Account">
              {user.disabledAt ? (
                <>
                  Disabled <DateTime value={user.disabledAt} />
                </>
              ) : (
                "Active"
              )}
            </Item>
            <Item label="Signed-in sessions">{activeSessions}</Item>
            <Item label="Shipments posted">{user._count.shipments}</Item>
            <Item label="Jobs as driver">{user._count.driverShipments}</Item>
            {driver ? (
              <>
                <Item label="Vehicle">{vehicleLabel[driver.vehicleType]}</Item>
                <Item label="Capacity">
                  <Weight kg={driver.capacityKg} />
                </Item>
                <Item label="Licence plate">{driver.plate}</Item>
                <Item label="Rating">
                  {driver.ratingAvg > 0 ? `${driver.ratingAvg.toFixed(1)} / 5` : "No ratings yet"}
                </Item>
              </>
            ) : null}
          </dl>
        </Card>
        <div className="space-y-6">
          <Card title="Access">
            <AccountStateControl userId={user.id} disabled={!!user.disabledAt} locked={isSelf} />
          </Card>
          <Card title="Role">
            <RoleControl userId={user.id} role={user.role} locked={isSelf} />
          </Card>
        </div>
      </div>
      {user.role === "DRIVER" ? (
        <div className="mt-6">
          <DriverDocuments driverId={user.id} canUpload={false} />
        </div>
      ) : null}
      <Card title="Audit log" description="Admin actions on this account, newest first." className="mt-6">
        <AuditLog entries={audit} />
      </Card>
      <p className="mt-6 text-sm">
        <Link href="/admin/users" className="font-medium text-brand-700 hover:underline">
          Back to all users
        </Link>
      </p>
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}
