import type { ShipmentStatus } from "~/generated/prisma/enums";
import { availableActions, type TShipmentAction } from "~/lib/shipment-state";

/** The actions a driver takes one after the other on a job; "release" is the way out, shown apart. */
export type TDriverStep = Extract<TShipmentAction, "pickUp" | "depart" | "deliver">;

const steps: readonly TShipmentAction[] = ["pickUp", "depart", "deliver"] satisfies TDriverStep[];

export function isDriverStep(action: TShipmentAction): action is TDriverStep {
  return steps.includes(action);
}

/** The one next step the state machine offers the driver in `status`, or null (nothing left to do). */
export function nextDriverStep(status: ShipmentStatus): TDriverStep | null {
  return availableActions(status, "DRIVER").find(isDriverStep) ?? null;
}
