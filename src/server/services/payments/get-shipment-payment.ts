// What the shipper and admins see of a shipment's payment: its state, the amounts, an open checkout to return to,
// why a card failed, and the cancellation refund's state.
import type { TViewer } from "../shipments/access";
import { accessFor, notFound } from "../shipments/access";
import { db } from "~/server/db";

/**
 * The latest payment of shipment `id` for its shipper or an admin, or null when none was ever started (payments
 * off, or never posted). Amounts are integer cents in `currency`; instants are UTC Dates. `checkoutUrl` is set only
 * while the checkout is open and the viewer is the shipper. Throws AppError NOT_FOUND for anyone else (drivers
 * included: the price is not theirs to see).
 */
export async function getShipmentPayment(viewer: TViewer, id: string) {
  const s = await db.shipment.findUnique({
    where: { id },
    select: {
      shipperId: true,
      driverId: true,
      status: true,
      payments: { orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  if (!s) throw notFound();
  const access = accessFor(viewer, s);
  if (access !== "owner" && access !== "admin") throw notFound();
  const p = s.payments[0];
  if (!p) return null;
  const open = p.status === "PENDING" && !!p.checkoutExpiresAt && p.checkoutExpiresAt > new Date();
  return {
    id: p.id,
    status: open || p.status !== "PENDING" ? p.status : ("EXPIRED" as const),
    amountCents: p.amountCents,
    currency: p.currency,
    createdAt: p.createdAt,
    paidAt: p.paidAt,
    checkoutUrl: open && access === "owner" ? p.checkoutUrl : null,
    checkoutExpiresAt: p.checkoutExpiresAt,
    failureMessage: p.failureMessage,
    refundedCents: p.refundedCents,
    refund: p.refundStatus
      ? {
          status: p.refundStatus,
          dueCents: p.refundDueCents ?? 0,
          failureReason: p.refundFailureReason,
          stripeRefundId: p.stripeRefundId,
        }
      : null,
    stripePaymentIntentId: access === "admin" ? p.stripePaymentIntentId : null,
  };
}
