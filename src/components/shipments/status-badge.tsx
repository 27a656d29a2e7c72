import { Badge, type TBadgeTone } from "~/components/ui/badge";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { statusLabel } from "~/lib/shipment-state";

/** Colour per status; the text (statusLabel) always carries the meaning, the colour only helps scanning. */
export const statusTone: Record<ShipmentStatus, TBadgeTone> = {
  DRAFT: "neutral",
  POSTED: "brand",
  ASSIGNED: "brand",
  PICKED_UP: "warning",
  IN_TRANSIT: "warning",
  DELIVERED: "success",
  COMPLETED: "success",
  CANCELLED: "danger",
};

export type TStatusBadgeProps = { status: ShipmentStatus; className?: string };

export function StatusBadge({ status, className }: TStatusBadgeProps) {
  return (
    <Badge tone={statusTone[status]} className={className}>
      {statusLabel[status]}
    </Badge>
  );
}
