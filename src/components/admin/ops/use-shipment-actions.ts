"use client";

import { useState } from "react";

import type { ShipmentStatus } from "~/generated/prisma/enums";
import { availableActions } from "~/lib/shipment-state";

export type TAdminAction = "forceCancel" | "reassign";
const adminActions: readonly TAdminAction[] = ["forceCancel", "reassign"];

/**
 * Which interventions the state machine allows an admin now, which one's form is open (one at a time) and the
 * last outcome. `finished` waits for `onChanged` (the refetch) so a form stays busy until the new state shows.
 */
export function useShipmentActions(status: ShipmentStatus, onChanged: () => Promise<unknown>) {
  const [open, setOpen] = useState<TAdminAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const allowed = availableActions(status, "ADMIN").filter((a): a is TAdminAction =>
    adminActions.includes(a as TAdminAction),
  );
  return {
    allowed,
    open,
    done,
    openForm: (action: TAdminAction) => {
      setDone(null);
      setOpen(action);
    },
    close: () => setOpen(null),
    finished: async (message: string) => {
      await onChanged();
      setOpen(null);
      setDone(message);
    },
  };
}
