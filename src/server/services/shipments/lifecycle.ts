// Everything after posting: drivers accept, release, pick up, depart and deliver; shippers cancel and confirm.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { illegalTransitionMessage } from "~/lib/shipment-state";
import { canCarry } from "~/lib/vehicles";
import { db } from "~/server/db";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { accessFor, notFound, type TViewer } from "./access";
import { checkDeliveryProof, type TDeliveryProofInput } from "~/server/services/files/delivery-proof";
import { deliveryCodeMatches, MAX_DELIVERY_CODE_ATTEMPTS, TRACKING_LINK_TTL_AFTER_DELIVERY_MS } from "./secrets";
import { applyTransition, heldMessage, type TShipmentNow, type TTx } from "./transition";
import { oweRefundInTx } from "../payments/owe-refund";
import { cancellationFeeCents } from "../payments/refund-policy";

/**
 * Why a driver cannot accept a load that is no longer POSTED, in the driver's terms: cancelled (by the shipper
 * or by us), taken by another driver, or already theirs. Reads the cancelling event to say who cancelled.
 */
async function acceptRefusal(tx: TTx, driverId: string, s: TShipmentNow): Promise<string> {
  if (s.status === "CANCELLED") {
    const cancelled = await tx.shipmentEvent.findFirst({
      where: { shipmentId: s.id, toStatus: "CANCELLED" },
      orderBy: { createdAt: "desc" },
      select: { actorId: true },
    });
    return cancelled?.actorId === s.shipperId
      ? "The shipper cancelled this load."
      : "This load was cancelled and is no longer available.";
  }
  if (s.driverId === driverId) return "You have already accepted this load.";
  if (s.driverId) return "This load was just taken by another driver.";
  return "This load is no longer on the board.";
}

/** Why a posted load whose pick-up window has ended cannot be accepted (it has also left the board). */
export const PICKUP_WINDOW_ENDED_MESSAGE =
  "This load's pick-up window has ended, so it can no longer be picked up on time. It has left the board.";

/**
 * A driver accepts a POSTED load: it becomes ASSIGNED to them. Of any number of drivers racing for one load,
 * exactly one wins: the write is conditional on POSTED (see applyTransition).
 * Returns `{ id, status: "ASSIGNED" }`. Throws AppError FORBIDDEN (email not verified, vehicle does not fit),
 * NOT_FOUND (no such load, or a draft the driver cannot see), PRECONDITION_FAILED (no vehicle details) and
 * CONFLICT when the load is no longer posted, saying why (acceptRefusal), whether that was so when it was read
 * or happened between the read and the write, and CONFLICT (PICKUP_WINDOW_ENDED_MESSAGE) when its pick-up window
 * has ended.
 */
export async function acceptLoad(opts: { driverId: string; emailVerified: boolean; id: string }) {
  if (!opts.emailVerified) throw new AppError("FORBIDDEN", "Confirm your email address before accepting loads.");
  const accepted = await transactionWithEvents(async (tx, emit) => {
    // The driver's row, locked FOR SHARE until commit: an admin demoting or disabling this driver locks it FOR UPDATE
    // and then checks for active loads (services/admin/users.ts), so one of the two waits for the other and a load
    // is never assigned to someone who has just stopped being an active driver.
    const [me] = await tx.$queryRaw<{ role: string; disabledAt: Date | null }[]>`
      SELECT "role"::text AS "role", "disabledAt" FROM "User" WHERE "id" = ${opts.driverId} FOR SHARE`;
    if (!me || me.role !== "DRIVER" || me.disabledAt) {
      throw new AppError("FORBIDDEN", "This account can no longer accept loads.");
    }
    const [shipment, profile] = await Promise.all([
      tx.shipment.findUnique({
        where: { id: opts.id },
        select: {
          id: true,
          status: true,
          driverId: true,
          shipperId: true,
          requiredVehicleType: true,
          weightKg: true,
          pickupWindowEnd: true,
        },
      }),
      tx.driverProfile.findUnique({
        where: { userId: opts.driverId },
        select: { vehicleType: true, capacityKg: true },
      }),
    ]);
    // Drafts are not on the board: to a driver they do not exist.
    if (!shipment || shipment.status === "DRAFT") throw notFound();
    if (shipment.status !== "POSTED") {
      throw new AppError("CONFLICT", await acceptRefusal(tx, opts.driverId, shipment));
    }
    // Off the board once its pick-up window has ended: nobody could collect it in time (issue 10 §2).
    if (shipment.pickupWindowEnd <= new Date()) throw new AppError("CONFLICT", PICKUP_WINDOW_ENDED_MESSAGE);
    if (!profile) throw new AppError("PRECONDITION_FAILED", "Add your vehicle details in your account first.");
    if (!canCarry(profile.vehicleType, shipment.requiredVehicleType) || shipment.weightKg > profile.capacityKg) {
      throw new AppError("FORBIDDEN", "Your vehicle does not fit this load.");
    }
    await applyTransition(tx, {
      emit,
      shipment,
      action: "accept",
      actor: "DRIVER",
      actorId: opts.driverId,
      data: { driverId: opts.driverId },
      raceMessage: (now) => acceptRefusal(tx, opts.driverId, now),
    });
    return { id: shipment.id, status: "ASSIGNED" as const };
  });
  await publishShipmentChanged(accepted.id, { formerDriverId: null });
  return accepted;
}

/** Loads the shipment inside the transaction and checks the driver is the one assigned. */
async function loadAssigned(tx: TTx, driverId: string, id: string) {
  const shipment = await tx.shipment.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      driverId: true,
      shipperId: true,
      durationMin: true,
      deliveryCodeHash: true,
      deliveryCodeAttempts: true,
      deliveryCodeLockedAt: true,
      deliveryCodeVersion: true,
      reference: true,
      heldAt: true,
      heldReason: true,
      inTransitAt: true,
    },
  });
  if (!shipment || shipment.driverId !== driverId) throw notFound();
  return shipment;
}

/**
 * The assigned driver gives the job back: ASSIGNED → POSTED, back on the board. Returns the new status and
 * publishes it (the released driver's open page sees it too). Throws AppError NOT_FOUND (not their job) or CONFLICT.
 */
export async function releaseJob(opts: { driverId: string; id: string; reason?: string }) {
  const status = await transactionWithEvents(async (tx, emit) => {
    const s = await loadAssigned(tx, opts.driverId, opts.id);
    return applyTransition(tx, {
      emit,
      shipment: s,
      action: "release",
      actor: "DRIVER",
      actorId: opts.driverId,
      // The last position and ETA were the released driver's: nobody's now.
      data: { driverId: null, assignedAt: null, lastLat: null, lastLng: null, lastPositionAt: null, etaAt: null },
      note: opts.reason,
    });
  });
  await publishShipmentChanged(opts.id, { formerDriverId: opts.driverId });
  return status;
}

/** ASSIGNED → PICKED_UP by the assigned driver; publishes it. Throws AppError NOT_FOUND or CONFLICT. */
export async function pickUp(opts: { driverId: string; id: string }) {
  const status = await transactionWithEvents(async (tx, emit) => {
    const s = await loadAssigned(tx, opts.driverId, opts.id);
    return applyTransition(tx, {
      emit,
      shipment: s,
      action: "pickUp",
      actor: "DRIVER",
      actorId: opts.driverId,
    });
  });
  await publishShipmentChanged(opts.id);
  return status;
}

/**
 * PICKED_UP → IN_TRANSIT by the assigned driver, with a first ETA of now + the route's duration; publishes it.
 * Throws AppError NOT_FOUND or CONFLICT.
 */
export async function depart(opts: { driverId: string; id: string }) {
  const status = await transactionWithEvents(async (tx, emit) => {
    const s = await loadAssigned(tx, opts.driverId, opts.id);
    return applyTransition(tx, {
      emit,
      shipment: s,
      action: "depart",
      actor: "DRIVER",
      actorId: opts.driverId,
      data: { etaAt: new Date(Date.now() + s.durationMin * 60_000) },
    });
  });
  await publishShipmentChanged(opts.id);
  return status;
}

const CODE_LOCKED =
  "The delivery code is locked after too many wrong tries. The shipper has been told; ask them for help.";

/**
 * Delivers the driver's IN_TRANSIT load with the proof its shipper chose (`podRequires`); `lat`/`lng` (degrees) are
 * where the driver stood.
 *
 * The code is compared when the shipment requires it (CODE) or when one is given anyway. Each try first reserves an attempt with one conditional UPDATE, committed on its own before the code is
 * compared: it counts the try only while the shipment is IN_TRANSIT with this driver, unlocked and under
 * MAX_DELIVERY_CODE_ATTEMPTS (5). So N parallel tries cost N attempts, and a try beyond the fifth is refused
 * without its code being compared. The wrong try that used the fifth attempt locks the code and tells the shipper.
 *
 * The proof the shipment requires (`podRequires`: a photo file, a signature file and the recipient's name, uploaded
 * through the podPhoto / podSignature routes) is checked first, so a missing photo costs no code attempt; it is
 * stored with the ProofOfDelivery row, with the time and the driver's position.
 *
 * `idempotencyKey` (a UUID the phone draws per submission) makes a replay of a stored proof answer as delivered
 * (a lost response, the offline queue sending again), so one submission never stores two proofs or fails as
 * "already delivered". `capturedAt` (the phone's clock when the proof was given) is kept when it falls between the
 * in-transit time and now, else the server's time stands for it.
 *
 * Throws AppError NOT_FOUND (not this driver's job), CONFLICT (not in transit yet, already delivered or
 * cancelled, saying which; or the code is locked),
 * BAD_REQUEST with a field error on `code` for a wrong code (saying how many tries are left), or on `photo`,
 * `signature` or `recipientName` for missing or foreign proof (see checkDeliveryProof).
 */
export async function deliver(
  opts: {
    driverId: string;
    id: string;
    code?: string;
    lat?: number;
    lng?: number;
    idempotencyKey?: string;
    capturedAt?: Date;
  } & TDeliveryProofInput,
) {
  if (await isReplay(opts)) return { status: "DELIVERED" as const };
  try {
    return await deliverOnce(opts);
  } catch (error) {
    // Two sends of one submission at once: the one that lost the race answers as the winner did.
    if (await isReplay(opts)) return { status: "DELIVERED" as const };
    // The key names another proof (never one a phone makes: it draws a fresh UUID per submission).
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("BAD_REQUEST", "This submission was already used for another delivery. Deliver again.", {
        fieldErrors: { idempotencyKey: ["Already used for another delivery."] },
      });
    }
    throw error;
  }
}

/** Whether this driver's proof with `idempotencyKey` is already stored for shipment `id`. */
async function isReplay(opts: { driverId: string; id: string; idempotencyKey?: string }): Promise<boolean> {
  if (!opts.idempotencyKey) return false;
  const pod = await db.proofOfDelivery.findFirst({
    where: { idempotencyKey: opts.idempotencyKey, shipmentId: opts.id, shipment: { driverId: opts.driverId } },
    select: { id: true },
  });
  return !!pod;
}

async function deliverOnce(
  opts: {
    driverId: string;
    id: string;
    code?: string;
    lat?: number;
    lng?: number;
    idempotencyKey?: string;
    capturedAt?: Date;
  } & TDeliveryProofInput,
) {
  const proof = await checkDeliveryProof({ driverId: opts.driverId, shipmentId: opts.id, proof: opts });
  if (!proof) throw notFound();
  if (proof.requires.includes("CODE") || opts.code) await spendCodeAttempt({ ...opts, code: opts.code ?? "" });

  await transactionWithEvents(async (tx, emit) => {
    const s = await loadAssigned(tx, opts.driverId, opts.id);
    // With the code compared, its reservation checked this; without, here (the transition re-checks it atomically).
    assertDeliverable(s.status);
    const now = new Date();
    await applyTransition(tx, {
      emit,
      shipment: s,
      action: "deliver",
      actor: "DRIVER",
      actorId: opts.driverId,
      at: now,
      data: { trackingTokenExpiresAt: new Date(now.getTime() + TRACKING_LINK_TTL_AFTER_DELIVERY_MS), etaAt: now },
    });
    await tx.proofOfDelivery.create({
      data: {
        shipmentId: s.id,
        // The strongest proof given.
        method: proof.signatureFileId ? "SIGNATURE" : proof.photoFileId ? "PHOTO" : "CODE",
        recipientName: proof.recipientName,
        photoFileId: proof.photoFileId,
        signatureFileId: proof.signatureFileId,
        lat: opts.lat ?? null,
        lng: opts.lng ?? null,
        deliveredAt: now,
        idempotencyKey: opts.idempotencyKey ?? null,
        capturedAt: capturedAtWithin(opts.capturedAt, s.inTransitAt, now),
      },
    });
  });
  await publishShipmentChanged(opts.id);
  return { status: "DELIVERED" as const };
}

/**
 * The phone's capture time, trusted only between the moment the load went in transit and now (a phone's clock can be
 * wrong); outside that range, or absent, the arrival time on the server stands for it.
 */
function capturedAtWithin(at: Date | undefined, inTransitAt: Date | null, now: Date): Date {
  if (!at || at > now || (inTransitAt && at < inTransitAt)) return now;
  return at;
}

/** Not yet in transit is a step to take; delivered, completed or cancelled is named as what happened. */
function assertDeliverable(status: ShipmentStatus) {
  if (status === "ASSIGNED" || status === "PICKED_UP") {
    throw new AppError("CONFLICT", "Mark the load as in transit before delivering it.");
  }
  if (status !== "IN_TRANSIT") throw new AppError("CONFLICT", illegalTransitionMessage(status, "deliver"));
}

/**
 * Reserves one code attempt and compares `code` (see deliver); resolves when it matches. Throws AppError NOT_FOUND,
 * CONFLICT (not in transit, or locked) or BAD_REQUEST with a field error on `code` (wrong, with the tries left).
 */
async function spendCodeAttempt(opts: { driverId: string; id: string; code: string }) {
  const reserved = await db.shipment.updateManyAndReturn({
    where: {
      id: opts.id,
      driverId: opts.driverId,
      status: "IN_TRANSIT",
      deliveryCodeLockedAt: null,
      deliveryCodeAttempts: { lt: MAX_DELIVERY_CODE_ATTEMPTS },
      // On hold: no try is counted (and the transition below would be refused too).
      heldAt: null,
    },
    data: { deliveryCodeAttempts: { increment: 1 } },
    select: { deliveryCodeAttempts: true, deliveryCodeHash: true },
  });
  const attempt = reserved[0];
  if (!attempt) {
    // Nothing reserved: say why, from the row as it is now.
    const s = await loadAssigned(db, opts.driverId, opts.id);
    if (s.heldAt) throw new AppError("CONFLICT", heldMessage(s.heldReason));
    assertDeliverable(s.status);
    throw new AppError("CONFLICT", CODE_LOCKED);
  }

  if (!deliveryCodeMatches(opts.id, opts.code, attempt.deliveryCodeHash)) {
    const attempts = attempt.deliveryCodeAttempts;
    const locked = attempts >= MAX_DELIVERY_CODE_ATTEMPTS;
    // The shipper hears of a lock through the outbox and Inngest like every notification
    // (inngest/functions/notify-delivery-code-locked.ts), keyed on the lock's event.
    await transactionWithEvents(async (tx, emit) => {
      const s = await loadAssigned(tx, opts.driverId, opts.id);
      const event = await tx.shipmentEvent.create({
        data: {
          shipmentId: s.id,
          type: locked ? "DELIVERY_CODE_LOCKED" : "DELIVERY_CODE_FAILED",
          actorId: opts.driverId,
          data: { attempts },
        },
        select: { id: true },
      });
      if (!locked) return;
      // Only the try that reserved the last attempt gets here, so this runs once per lock.
      // A new version: the lock is visible on every open page of the shipment (published below).
      await tx.shipment.update({
        where: { id: s.id },
        data: { deliveryCodeLockedAt: new Date(), version: { increment: 1 } },
      });
      await emit({ name: "shipment/delivery-code.locked", data: { shipmentId: s.id, shipmentEventId: event.id } });
    });
    if (locked) await publishShipmentChanged(opts.id);
    const left = MAX_DELIVERY_CODE_ATTEMPTS - attempts;
    const message = locked
      ? "Wrong code. The delivery code is now locked and the shipper has been told."
      : `That code is not correct. ${left} ${left === 1 ? "try" : "tries"} left.`;
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { code: [message] } });
  }
}

/**
 * The shipper cancels their shipment with `reason`; after a driver accepted, the fee (CANCELLATION_FEE_BPS of the
 * price, cents, services/payments/refund-policy.ts) is recorded for the driver. A card payment is refunded by that
 * policy (the refund is queued in the same transaction, see oweRefundInTx). Publishes the new status (the driver's
 * open job page shows it).
 * Throws AppError NOT_FOUND (not theirs) or CONFLICT (no longer cancellable).
 */
export async function cancelShipment(opts: { viewer: TViewer; id: string; reason: string }) {
  const status = await transactionWithEvents(async (tx, emit) => {
    const s = await tx.shipment.findUnique({
      where: { id: opts.id },
      select: { id: true, status: true, shipperId: true, driverId: true, priceCents: true },
    });
    if (!s || accessFor(opts.viewer, s) !== "owner") throw notFound();
    const feeCents = cancellationFeeCents(s.status, s.priceCents);
    const cancelled = await applyTransition(tx, {
      emit,
      shipment: s,
      action: "cancel",
      actor: "SHIPPER",
      actorId: opts.viewer.id,
      data: { cancelReason: opts.reason },
      note: opts.reason,
      eventData: { feeCents, driverId: s.driverId },
    });
    // Paid by card: refunded by policy, in full before a driver accepted, less the fee after (refund-policy.ts).
    await oweRefundInTx(tx, emit, { shipmentId: s.id, feeCents });
    return cancelled;
  });
  await publishShipmentChanged(opts.id);
  return status;
}

/** The shipper confirms a DELIVERED shipment: COMPLETED; publishes it. Throws AppError NOT_FOUND or CONFLICT. */
export async function confirmDelivery(opts: { viewer: TViewer; id: string }) {
  const status = await transactionWithEvents(async (tx, emit) => {
    const s = await tx.shipment.findUnique({
      where: { id: opts.id },
      select: { id: true, status: true, shipperId: true, driverId: true },
    });
    if (!s || accessFor(opts.viewer, s) !== "owner") throw notFound();
    return applyTransition(tx, {
      emit,
      shipment: s,
      action: "confirm",
      actor: "SHIPPER",
      actorId: opts.viewer.id,
    });
  });
  await publishShipmentChanged(opts.id);
  return status;
}
