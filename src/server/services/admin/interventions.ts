// The interventions operations need on a live shipment (issue 14 §1): unlock or re-issue the delivery code, mark
// picked up or delivered on the driver's behalf, hold and release, extend the pick-up window. Each one takes a
// reason, runs in one transaction with its timeline entry (ShipmentEvent), its AuditLog row and a
// `shipment/intervened` outbox event (inngest/functions/notify-intervention.ts tells the shipper and the driver
// through notify()), and publishes the change after commit so open pages update. Reassign and force cancel are in
// ./shipments.ts.
import type { Prisma } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { activeStatuses, showsDeliveryCode, statusLabel } from "~/lib/shipment-state";
import { fromWallTime, MAX_YEAR, MIN_YEAR, zoneAt } from "~/lib/stop-zone";
import { formatInZone } from "~/lib/viewer-zone";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { writeAudit } from "~/server/services/audit";
import { type TEmit, transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { notFound } from "~/server/services/shipments/access";
import {
  deliveryCodeFor,
  deliveryCodeHash,
  TRACKING_LINK_TTL_AFTER_DELIVERY_MS,
} from "~/server/services/shipments/secrets";
import { applyTransition, type TTx } from "~/server/services/shipments/transition";

/** Who intervenes and from where (the request's IP, kept on the audit row). */
export type TAdminActor = { adminId: string; ip: string };

/** The audit `action` of each intervention (AuditLog.action); notify-intervention words its notice from it. */
export const interventionActions = {
  unlockCode: "shipment.delivery_code_unlocked",
  reissueCode: "shipment.delivery_code_reissued",
  markPickedUp: "shipment.marked_picked_up",
  markDelivered: "shipment.marked_delivered",
  hold: "shipment.held",
  releaseHold: "shipment.hold_released",
  extendPickup: "shipment.pickup_window_extended",
} as const;

export type TInterventionAction = (typeof interventionActions)[keyof typeof interventionActions];

const shipmentSelect = {
  id: true,
  status: true,
  driverId: true,
  shipperId: true,
  reference: true,
  heldAt: true,
  heldReason: true,
  deliveryCodeLockedAt: true,
  deliveryCodeAttempts: true,
  deliveryCodeVersion: true,
  pickupWindowEnd: true,
  pickupLat: true,
  pickupLng: true,
  pickupTimeZone: true,
  dropoffWindowEnd: true,
} satisfies Prisma.ShipmentSelect;

type TShipmentRow = Prisma.ShipmentGetPayload<{ select: typeof shipmentSelect }>;

/**
 * Runs one intervention: reads the shipment FOR UPDATE (so two admins' interventions on one shipment run one after
 * the other), runs `work`, writes the audit row (`action`, the reason and what `work` returned as data) and emits
 * `shipment/intervened`; after commit publishes the change. Throws AppError NOT_FOUND, or what `work` throws.
 */
async function intervene<T extends Prisma.InputJsonObject>(
  actor: TAdminActor,
  opts: { id: string; reason: string; action: TInterventionAction },
  work: (tx: TTx, emit: TEmit, s: TShipmentRow) => Promise<T>,
): Promise<T> {
  const result = await transactionWithEvents(async (tx, emit) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Shipment" WHERE "id" = ${opts.id} FOR UPDATE`;
    if (locked.length === 0) throw notFound();
    const s = await tx.shipment.findUniqueOrThrow({ where: { id: opts.id }, select: shipmentSelect });
    const data = await work(tx, emit, s);
    const audit = await writeAudit(tx, {
      actorId: actor.adminId,
      action: opts.action,
      entityType: "Shipment",
      entityId: s.id,
      targetUserId: s.driverId,
      data: { ...data, reason: opts.reason, status: s.status },
      ip: actor.ip,
    });
    await emit({ name: "shipment/intervened", data: { shipmentId: s.id, auditLogId: audit.id } });
    return data;
  });
  await publishShipmentChanged(opts.id);
  return result;
}

/** A timeline entry (NOTE) by the admin, in the same transaction. */
function note(tx: TTx, s: TShipmentRow, adminId: string, text: string, data?: Prisma.InputJsonValue) {
  return tx.shipmentEvent.create({ data: { shipmentId: s.id, type: "NOTE", actorId: adminId, note: text, data } });
}

function assertCodeInUse(s: TShipmentRow) {
  if (!showsDeliveryCode(s.status)) {
    throw new AppError(
      "CONFLICT",
      `This shipment is ${statusLabel[s.status].toLowerCase()}, so its delivery code is no longer used.`,
    );
  }
}

/**
 * Unlocks the delivery code: the wrong tries counted so far are forgotten (attempts 0, lock cleared), so the driver
 * can enter the same code again (up to MAX_DELIVERY_CODE_ATTEMPTS more tries). `reason`: 3–500 characters.
 * Returns `{ attemptsBefore }`. Throws AppError NOT_FOUND; CONFLICT when delivery is over (or cancelled) or when
 * there is nothing to unlock (no wrong try recorded).
 */
export function unlockDeliveryCode(actor: TAdminActor, opts: { id: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.unlockCode }, async (tx, _emit, s) => {
    assertCodeInUse(s);
    if (!s.deliveryCodeLockedAt && s.deliveryCodeAttempts === 0) {
      throw new AppError("CONFLICT", "The delivery code is not locked and has no wrong tries to forget.");
    }
    await tx.shipment.update({
      where: { id: s.id },
      data: { deliveryCodeAttempts: 0, deliveryCodeLockedAt: null, version: { increment: 1 } },
    });
    await note(tx, s, actor.adminId, `Delivery code unlocked: ${opts.reason}`);
    return { attemptsBefore: s.deliveryCodeAttempts };
  });
}

/**
 * Issues a new delivery code: the old one stops working, the wrong tries are forgotten, and the shipper sees the new
 * code on their page (deliveryCodeFor with the raised `deliveryCodeVersion`). The code itself is never stored or
 * logged, only its hash. Returns `{ codeVersion }`. Throws AppError NOT_FOUND or CONFLICT (delivery over).
 */
export function reissueDeliveryCode(actor: TAdminActor, opts: { id: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.reissueCode }, async (tx, _emit, s) => {
    assertCodeInUse(s);
    const codeVersion = s.deliveryCodeVersion + 1;
    await tx.shipment.update({
      where: { id: s.id },
      data: {
        deliveryCodeVersion: codeVersion,
        deliveryCodeHash: deliveryCodeHash(s.id, deliveryCodeFor(s.id, codeVersion)),
        deliveryCodeAttempts: 0,
        deliveryCodeLockedAt: null,
        version: { increment: 1 },
      },
    });
    await note(tx, s, actor.adminId, `New delivery code issued: ${opts.reason}`);
    return { codeVersion };
  });
}

/**
 * Marks an ASSIGNED shipment picked up on its driver's behalf, through the state machine's `pickUp` transition as
 * ADMIN (the same ShipmentEvent and `shipment/status.changed` outbox event as the driver's own step), the `note`
 * in the timeline. Returns `{ status: "PICKED_UP" }`. Throws AppError NOT_FOUND or CONFLICT (not assigned).
 */
export function markPickedUp(actor: TAdminActor, opts: { id: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.markPickedUp }, async (tx, emit, s) => {
    const status = await applyTransition(tx, {
      emit,
      shipment: s,
      action: "pickUp",
      actor: "ADMIN",
      actorId: actor.adminId,
      note: `On the driver's behalf: ${opts.reason}`,
      eventData: { onBehalfOf: s.driverId },
    });
    return { status };
  });
}

/**
 * Marks a PICKED_UP or IN_TRANSIT shipment delivered on its driver's behalf, without the delivery code: through the
 * `depart` (when still PICKED_UP) and `deliver` transitions as ADMIN, each with its ShipmentEvent and
 * `shipment/status.changed` event, as the driver's own steps; the tracking link then lives on for
 * TRACKING_LINK_TTL_AFTER_DELIVERY_MS as after a normal delivery. On a held load it is an explicit override: the
 * hold ends and the note says so. Returns `{ status: "DELIVERED", overrodeHold?: true }`.
 * Throws AppError NOT_FOUND or CONFLICT (not on the road).
 */
export function markDelivered(actor: TAdminActor, opts: { id: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.markDelivered }, async (tx, emit, s) => {
    // On a held load this is an explicit override: it is delivered, and the hold ends (applyTransition).
    const noteText = s.heldAt
      ? `On the driver's behalf, overriding the hold (${s.heldReason ?? "no reason given"}): ${opts.reason}`
      : `On the driver's behalf: ${opts.reason}`;
    const eventData = { onBehalfOf: s.driverId, ...(s.heldAt ? { overrodeHold: true } : {}) };
    let from: ShipmentStatus = s.status;
    if (from === "PICKED_UP") {
      from = await applyTransition(tx, {
        emit,
        shipment: s,
        action: "depart",
        actor: "ADMIN",
        actorId: actor.adminId,
        note: noteText,
        eventData,
      });
    }
    const now = new Date();
    const status = await applyTransition(tx, {
      emit,
      shipment: { ...s, status: from },
      action: "deliver",
      actor: "ADMIN",
      actorId: actor.adminId,
      at: now,
      note: noteText,
      eventData,
      data: { trackingTokenExpiresAt: new Date(now.getTime() + TRACKING_LINK_TTL_AFTER_DELIVERY_MS), etaAt: now },
    });
    return { status, ...(s.heldAt ? { overrodeHold: true } : {}) };
  });
}

/**
 * Puts an ASSIGNED, PICKED_UP or IN_TRANSIT shipment on hold (`heldAt`, `heldReason`): every driver transition is
 * refused with a clear CONFLICT until releaseHold (see applyTransition). Returns `{ heldAt }` (ISO-8601 UTC).
 * Throws AppError NOT_FOUND; CONFLICT when it is not active or already on hold.
 */
export function holdShipment(actor: TAdminActor, opts: { id: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.hold }, async (tx, _emit, s) => {
    if (!activeStatuses.includes(s.status)) {
      throw new AppError(
        "CONFLICT",
        `This shipment is ${statusLabel[s.status].toLowerCase()}: only a load with a driver on it can be held.`,
      );
    }
    if (s.heldAt) throw new AppError("CONFLICT", "This shipment is already on hold.");
    const heldAt = new Date();
    await tx.shipment.update({
      where: { id: s.id },
      data: { heldAt, heldReason: opts.reason, version: { increment: 1 } },
    });
    await note(tx, s, actor.adminId, `Put on hold: ${opts.reason}`);
    return { heldAt: heldAt.toISOString() };
  });
}

/**
 * Releases a hold: the driver may go on. Returns `{ heldSince }` (ISO-8601 UTC). Throws AppError NOT_FOUND or
 * CONFLICT (not on hold, or no longer active: delivered, completed or cancelled).
 */
export function releaseHold(actor: TAdminActor, opts: { id: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.releaseHold }, async (tx, _emit, s) => {
    if (!activeStatuses.includes(s.status)) {
      throw new AppError(
        "CONFLICT",
        `This shipment is ${statusLabel[s.status].toLowerCase()}: there is no hold to release.`,
      );
    }
    if (!s.heldAt) throw new AppError("CONFLICT", "This shipment is not on hold.");
    await tx.shipment.update({
      where: { id: s.id },
      data: { heldAt: null, heldReason: null, version: { increment: 1 } },
    });
    await note(tx, s, actor.adminId, `Hold released: ${opts.reason}`);
    return { heldSince: s.heldAt.toISOString() };
  });
}

const windowEndError = (message: string) =>
  new AppError("BAD_REQUEST", message, { fieldErrors: { windowEnd: [message] } });

/**
 * Extends the pick-up window of a POSTED or ASSIGNED shipment to `windowEnd`, a wall-clock time
 * "YYYY-MM-DDTHH:mm" in the pick-up's own IANA zone (as the shipper entered it), whoever the admin is and wherever.
 * A time that happens twice (clocks fall back) is taken as the later one; one that does not exist is refused.
 * Never shrinks: the new end must be later than the current end and than now, and no later than the drop-off
 * window's end. Returns `{ from, to }` (ISO-8601 UTC) and the new end as text in the stop's zone.
 * Throws AppError NOT_FOUND, CONFLICT (already picked up, delivered or cancelled), BAD_REQUEST on `windowEnd`.
 */
export function extendPickupWindow(actor: TAdminActor, opts: { id: string; windowEnd: string; reason: string }) {
  return intervene(actor, { ...opts, action: interventionActions.extendPickup }, async (tx, _emit, s) => {
    if (s.status !== "POSTED" && s.status !== "ASSIGNED") {
      throw new AppError(
        "CONFLICT",
        `This shipment is ${statusLabel[s.status].toLowerCase()}, so its pick-up window can no longer change.`,
      );
    }
    const zone = s.pickupTimeZone ?? zoneAt(s.pickupLat, s.pickupLng);
    const parsed = fromWallTime(opts.windowEnd, zone);
    if (parsed.kind === "invalid") {
      throw windowEndError(
        parsed.reason === "date"
          ? `Not a real date: use a real calendar day and time between ${MIN_YEAR} and ${MAX_YEAR}.`
          : "Enter a date and time.",
      );
    }
    if (parsed.kind === "gap") {
      throw windowEndError(`That time does not exist in ${zone} (the clocks jump forward over it). Choose another.`);
    }
    const to = parsed.kind === "ok" ? parsed.instant : parsed.later;
    if (to <= s.pickupWindowEnd) {
      throw windowEndError("Choose a time later than the current end: the window can only be extended.");
    }
    if (to <= new Date()) throw windowEndError("Choose a time in the future.");
    if (to > s.dropoffWindowEnd) throw windowEndError("The pick-up window cannot end after the drop-off window.");
    await tx.shipment.update({ where: { id: s.id }, data: { pickupWindowEnd: to, version: { increment: 1 } } });
    const text = formatInZone(to, "datetime", zone);
    await note(tx, s, actor.adminId, `Pick-up window extended to ${text}: ${opts.reason}`, {
      from: s.pickupWindowEnd.toISOString(),
      to: to.toISOString(),
    });
    return { from: s.pickupWindowEnd.toISOString(), to: to.toISOString(), toText: text };
  });
}
