import { Badge } from "~/components/ui/badge";
import type { Role } from "~/generated/prisma/enums";

export const roleLabel: Record<Role, string> = { SHIPPER: "Shipper", DRIVER: "Driver", ADMIN: "Admin" };

export const stateLabel = { active: "Active", disabled: "Disabled", unverified: "Unverified" } as const;

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={role === "ADMIN" ? "brand" : "neutral"}>{roleLabel[role]}</Badge>;
}

/** Disabled or active, plus "Unverified" when the email is not confirmed. */
export function UserStateBadges({
  disabledAt,
  emailVerifiedAt,
}: {
  disabledAt: Date | null;
  emailVerifiedAt: Date | null;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {disabledAt ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
      {emailVerifiedAt ? null : <Badge tone="warning">Unverified</Badge>}
    </span>
  );
}
