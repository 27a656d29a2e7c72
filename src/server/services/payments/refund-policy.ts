// The cancellation refund (issue 13 §1): in full before a driver accepts; after, the price less the cancellation
// fee the driver is owed (CANCELLATION_FEE_BPS of the price, recorded on the cancel event by cancelShipment).
import type { ShipmentStatus } from "~/generated/prisma/enums";

/** 10 % of the price, in basis points: the fee a shipper pays for cancelling after a driver accepted. */
export const CANCELLATION_FEE_BPS = 1_000;

/** The cancellation fee in cents for a shipment cancelled from `status` (0 before a driver accepted). */
export function cancellationFeeCents(status: ShipmentStatus, priceCents: number): number {
  return status === "ASSIGNED" ? Math.round((priceCents * CANCELLATION_FEE_BPS) / 10_000) : 0;
}

/** What to refund of `paidCents` (already less `refundedCents`) when the fee is `feeCents`; never negative. */
export function refundDueCents(opts: { paidCents: number; refundedCents: number; feeCents: number }): number {
  return Math.max(0, opts.paidCents - opts.refundedCents - opts.feeCents);
}
