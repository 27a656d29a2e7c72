// The single place a shipment changes status: checks the state machine, writes the new status with a
// conditional update (the status it was read in), and records the ShipmentEvent in the same transaction.
import type { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import {
  illegalTransitionMessage,
  nextStatus,
  type TActor,
  transitions,
  type TShipmentAction,
} from "~/lib/shipment-state";
import type { db } from "~/server/db";

export type TTx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

const timestampFor: Partial<Record<ShipmentStatus, keyof Prisma.ShipmentUncheckedUpdateManyInput>> = {
  POSTED: "postedAt",
  ASSIGNED: "assignedAt",
  PICKED_UP: "pickedUpAt",
  IN_TRANSIT: "inTransitAt",
  DELIVERED: "deliveredAt",
  COMPLETED: "completedAt",
  CANCELLED: "cancelledAt",
};

export type TTransitionOptions = {
  shipment: { id: string; status: ShipmentStatus };
  action: TShipmentAction;
  actor: TActor;
  actorId: string | null;
  /** Extra columns to write with the status (driver, reason, ETA...). */
  data?: Prisma.ShipmentUncheckedUpdateManyInput;
  note?: string;
  eventData?: Prisma.InputJsonValue;
  /** When it happened (defaults to now); lets callers stamp related columns with the same instant. */
  at?: Date;
  /** Message when another request changed the status first. */
  raceMessage?: string;
};

export async function applyTransition(tx: TTx, opts: TTransitionOptions): Promise<ShipmentStatus> {
  const { shipment, action } = opts;
  const to = nextStatus(shipment.status, action, opts.actor);
  if (!to) throw new AppError("CONFLICT", illegalTransitionMessage(shipment.status, action));
  const stamp = timestampFor[to];
  const now = opts.at ?? new Date();
  const { count } = await tx.shipment.updateMany({
    where: { id: shipment.id, status: shipment.status },
    data: { ...opts.data, status: to, version: { increment: 1 }, ...(stamp ? { [stamp]: now } : {}) },
  });
  if (count !== 1) {
    throw new AppError("CONFLICT", opts.raceMessage ?? "This shipment changed a moment ago. Reload and try again.");
  }
  await tx.shipmentEvent.create({
    data: {
      shipmentId: shipment.id,
      type: transitions[action].event,
      fromStatus: shipment.status,
      toStatus: to,
      actorId: opts.actorId,
      note: opts.note ?? null,
      data: opts.eventData,
      createdAt: now,
    },
  });
  return to;
}
