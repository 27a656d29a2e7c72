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
import type { TEmit } from "~/server/services/outbox/transaction-with-events";

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

/** Statuses a hold ends in: nothing is left for the driver to do, so nothing is left to hold. */
const endsHold: readonly ShipmentStatus[] = ["DELIVERED", "COMPLETED", "CANCELLED"];

export type TTransitionOptions = {
  /** As read before the change; `driverId` (when read) names the driver it had, told of a release or reassignment. */
  shipment: { id: string; status: ShipmentStatus; driverId?: string | null };
  action: TShipmentAction;
  actor: TActor;
  actorId: string | null;
  /** Extra columns to write with the status (driver, reason, ETA...). */
  data?: Prisma.ShipmentUncheckedUpdateManyInput;
  note?: string;
  eventData?: Prisma.InputJsonValue;
  /** When it happened (defaults to now); lets callers stamp related columns with the same instant. */
  at?: Date;
  /**
   * Why the write lost when another request changed the status first, given the shipment as it is now (read in
   * the same transaction, after the conflicting change committed; never in the status it was read in). Defaults
   * to naming the status it is in now.
   */
  raceMessage?: (now: TShipmentNow) => string | Promise<string>;
  /**
   * The outbox of the caller's transaction (transactionWithEvents): every transition emits `shipment/status.changed`
   * with the change, so notifications follow each status change exactly once (issue 11 §3).
   */
  emit: TEmit;
};

/** The shipment as a losing transition finds it after the conditional write. */
export type TShipmentNow = { id: string; status: ShipmentStatus; driverId: string | null; shipperId: string };

/**
 * Moves `shipment` from the status it was read in to the status `action` leads to, with one conditional write
 * (`WHERE status = <read status>`), its ShipmentEvent and its `shipment/status.changed` event (`opts.emit`), inside
 * the caller's transaction `tx`. Moving to DELIVERED, COMPLETED or CANCELLED ends a hold (heldAt cleared, a NOTE in the
 * timeline says so).
 * Returns the new status. Throws AppError CONFLICT when the state machine (src/lib/shipment-state.ts) forbids the
 * action, or when another request changed the status first: then the message says what the shipment is now
 * (`raceMessage`, or "This shipment is cancelled, so … is no longer possible."); NOT_FOUND if it was deleted.
 */
export async function applyTransition(tx: TTx, opts: TTransitionOptions): Promise<ShipmentStatus> {
  const { shipment, action } = opts;
  const to = nextStatus(shipment.status, action, opts.actor);
  if (!to) throw new AppError("CONFLICT", illegalTransitionMessage(shipment.status, action));
  const stamp = timestampFor[to];
  const now = opts.at ?? new Date();
  // Delivered or cancelled ends a hold: there is no next step left to refuse (issue 14 review).
  const ends = endsHold.includes(to);
  const held = ends
    ? await tx.shipment.findUnique({ where: { id: shipment.id }, select: { heldAt: true, heldReason: true } })
    : null;
  const { count } = await tx.shipment.updateMany({
    // A shipment on hold (services/admin/interventions.ts) refuses every driver step until an admin releases it.
    where: { id: shipment.id, status: shipment.status, ...(opts.actor === "DRIVER" ? { heldAt: null } : {}) },
    data: {
      ...opts.data,
      status: to,
      version: { increment: 1 },
      ...(stamp ? { [stamp]: now } : {}),
      ...(ends ? { heldAt: null, heldReason: null } : {}),
    },
  });
  if (count !== 1) throw await raceError(tx, opts);

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
  if (held?.heldAt) {
    await tx.shipmentEvent.create({
      data: {
        shipmentId: shipment.id,
        type: "NOTE",
        actorId: opts.actorId,
        note: `Hold ended: the shipment is ${to === "CANCELLED" ? "cancelled" : "delivered"}. It was held for: ${held.heldReason ?? "no reason given"}`,
        data: { holdEnded: true, heldAt: held.heldAt.toISOString() },
        createdAt: new Date(now.getTime() + 1),
      },
    });
  }
  await opts.emit({
    name: "shipment/status.changed",
    data: {
      shipmentId: shipment.id,
      from: shipment.status,
      to,
      actorId: opts.actorId,
      formerDriverId: shipment.driverId ?? null,
    },
  });
  return to;
}

/** Why a driver step is refused while operations hold the shipment, with the admin's reason. */
export function heldMessage(reason: string | null): string {
  return `This shipment is on hold by operations${reason ? ` (${reason})` : ""}. Contact support before going on.`;
}

/** The refusal for a transition whose conditional write matched no row: what happened to the shipment instead. */
async function raceError(tx: TTx, opts: TTransitionOptions): Promise<AppError> {
  const now = await tx.shipment.findUnique({
    where: { id: opts.shipment.id },
    select: { id: true, status: true, driverId: true, shipperId: true, heldAt: true, heldReason: true },
  });
  if (!now) return new AppError("NOT_FOUND", "This shipment no longer exists.");
  if (opts.actor === "DRIVER" && now.heldAt) return new AppError("CONFLICT", heldMessage(now.heldReason));
  // Changed and changed back (e.g. released and re-posted) between the read and the write: nothing to name.
  if (now.status === opts.shipment.status) {
    return new AppError("CONFLICT", "This shipment changed a moment ago. Reload and try again.");
  }
  if (opts.raceMessage) return new AppError("CONFLICT", await opts.raceMessage(now));
  return new AppError("CONFLICT", illegalTransitionMessage(now.status, opts.action));
}
