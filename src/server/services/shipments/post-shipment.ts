// Posting puts a draft on the load board. With payments on, it is paid for first (services/payments).
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { canTransition } from "~/lib/shipment-state";
import { type TEmit, transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { notFound } from "./access";
import { assertWithinPlanLimit } from "../subscriptions/plan-limit";
import { applyTransition, type TTx } from "./transition";

export const UNPAID_MESSAGE = "Pay for this shipment to post it: choose Post to load board and pay by card.";
export const PICKUP_WINDOW_ENDED = "The pick-up window has already ended. Move it before posting.";

export const PICKUP_WINDOW_IN_PAST = "The pick-up window has already ended. Choose one that ends later.";

/**
 * Refuses a load whose pick-up window ended at or before `now`: no driver can collect it, so it must not reach the
 * board (issue 10 §2: such a window "cannot be created, posted or edited in"). Posting checks it; so do creating a
 * shipment and setting a new window (`message` PICKUP_WINDOW_IN_PAST there). A draft whose window has passed since
 * it was saved keeps it until the shipper moves it. Throws AppError BAD_REQUEST with a field error on
 * `pickup.windowEnd`.
 */
export function assertPickupWindowOpen(
  pickupWindowEnd: Date,
  now = new Date(),
  message: string = PICKUP_WINDOW_ENDED,
): void {
  if (pickupWindowEnd.getTime() <= now.getTime()) {
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { "pickup.windowEnd": [message] } });
  }
}

/**
 * Moves the shipper's DRAFT `shipment` to POSTED inside `tx`. `shipment` must already be loaded as the shipper's
 * own (both callers scope their query by shipperId). Throws AppError BAD_REQUEST when the pick-up window has
 * ended (assertPickupWindowOpen) and CONFLICT when it is no longer a draft (applyTransition).
 */
export async function postShipmentInTx(
  tx: TTx,
  emit: TEmit,
  shipment: { id: string; status: ShipmentStatus; pickupWindowEnd: Date },
  shipperId: string,
) {
  // The state machine's refusal comes first: "already posted" says more than a past window.
  if (canTransition(shipment.status, "post", "SHIPPER")) assertPickupWindowOpen(shipment.pickupWindowEnd);
  return applyTransition(tx, {
    emit,
    shipment,
    action: "post",
    actor: "SHIPPER",
    actorId: shipperId,
  });
}

/**
 * `shipment.post`: the shipper (email verified) puts their draft `id` on the load board. Returns the new status.
 * Throws AppError FORBIDDEN (email not verified), NOT_FOUND (not theirs), BAD_REQUEST (pick-up window ended, field
 * `pickup.windowEnd`) or CONFLICT (not a draft). With `requirePaid` (payments on), a draft without a succeeded
 * payment is refused with PRECONDITION_FAILED: it is posted by paying (payment.checkout), not by this call. Without
 * `requirePaid`, a draft past the shipper's plan limit this month is refused with PRECONDITION_FAILED (field `plan`).
 * Publishes the new status after commit.
 */
export async function postShipment(opts: {
  shipperId: string;
  emailVerified: boolean;
  id: string;
  requirePaid?: boolean;
}) {
  if (!opts.emailVerified) throw new AppError("FORBIDDEN", "Confirm your email address before posting shipments.");
  const status = await transactionWithEvents(async (tx, emit) => {
    const shipment = await tx.shipment.findFirst({
      where: { id: opts.id, shipperId: opts.shipperId },
      select: { id: true, status: true, pickupWindowEnd: true },
    });
    if (!shipment) throw notFound();
    // A paid draft was admitted by the limit when its checkout began (start-shipment-checkout.ts).
    if (!opts.requirePaid && shipment.status === "DRAFT") await assertWithinPlanLimit(tx, opts.shipperId);
    if (opts.requirePaid && shipment.status === "DRAFT") {
      const paid = await tx.payment.count({
        where: { shipmentId: shipment.id, status: "SUCCEEDED", refundStatus: null },
      });
      if (paid === 0) throw new AppError("PRECONDITION_FAILED", UNPAID_MESSAGE);
    }
    return postShipmentInTx(tx, emit, shipment, opts.shipperId);
  });
  await publishShipmentChanged(opts.id);
  return status;
}
