// Posting puts a draft on the load board. Payment (a later issue) slots in here, before the transition.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { applyTransition, type TTx } from "./transition";

export async function postShipmentInTx(
  tx: TTx,
  shipment: { id: string; status: ShipmentStatus; shipperId: string },
  shipperId: string,
) {
  if (shipment.shipperId !== shipperId) throw new AppError("NOT_FOUND", "Shipment not found.");
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
      select: { id: true, status: true, shipperId: true },
    });
    if (!shipment) throw new AppError("NOT_FOUND", "Shipment not found.");
    return postShipmentInTx(tx, shipment, opts.shipperId);
  });
}
