// Posting puts a draft on the load board. Payment (a later issue) slots in here, before the transition.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { notFound } from "./access";
import { applyTransition, type TTx } from "./transition";

/** `shipment` must already be loaded as the shipper's own (both callers scope their query by shipperId). */
export async function postShipmentInTx(tx: TTx, shipment: { id: string; status: ShipmentStatus }, shipperId: string) {
  return applyTransition(tx, {
    shipment,
    action: "post",
    actor: "SHIPPER",
    actorId: shipperId,
  });
}

export async function postShipment(opts: { shipperId: string; emailVerified: boolean; id: string }) {
  if (!opts.emailVerified) throw new AppError("FORBIDDEN", "Confirm your email address before posting shipments.");
  return db.$transaction(async (tx) => {
    const shipment = await tx.shipment.findFirst({
      where: { id: opts.id, shipperId: opts.shipperId },
      select: { id: true, status: true },
    });
    if (!shipment) throw notFound();
    return postShipmentInTx(tx, shipment, opts.shipperId);
  });
}
