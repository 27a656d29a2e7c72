// Cancellation fees owed to drivers (TONU, "truck order not used"): when a shipper cancels a paid load after a
// driver accepted, the refund keeps CANCELLATION_FEE_BPS of the price (services/payments/refund-policy.ts) as "the
// fee the driver is owed". cancelShipment (services/shipments/lifecycle.ts) records it on the cancel event as
// `{ feeCents, driverId }`: the fee and the driver who had the load at that moment. That event is the source here:
// - only a shipper's cancel from ASSIGNED records a fee > 0: a cancel before accept records 0, an admin's force
//   cancel (services/admin/shipments.ts, refunded in full) and the expiry cron record none, so they pay nothing;
// - the payee is the event's driver, who must still be the shipment's driver (a CANCELLED load is never reassigned
//   or released again): a driver who released the load, or was reassigned away, before the cancel gets nothing;
// - the amount is capped by what the platform keeps of the shipper's payment (cancellationFeeOwedCents in
//   rules.ts): nothing if nothing was charged, less or nothing when Stripe refunded beyond the policy.
// A fee is paid through a PayoutItem of kind CANCELLATION_FEE on the shipment; PayoutItem.shipmentId is unique
// across kinds, and a CANCELLED load can never become COMPLETED (src/lib/shipment-state.ts: CANCELLED is
// terminal), so a load is paid once, as a fee or as a delivery, never both.
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db";
import { cancellationFeeOwedCents } from "./rules";

export type TOwedCancellationFee = {
  shipmentId: string;
  reference: string;
  pickupCity: string;
  dropoffCity: string;
  /** UTC instant of the cancel. */
  cancelledAt: Date;
  /** The payee: the driver who had the load when the shipper cancelled it. */
  driverId: string;
  /** The fee recorded on the cancel event, and what is owed of it now (cents, `currency`; owed > 0). */
  recordedFeeCents: number;
  owedCents: number;
  currency: string;
};

/**
 * Cancellation fees owed and in no payout yet, oldest cancel first: optionally only `driverId`'s, only loads
 * cancelled before `cancelledBefore` (a UTC instant, exclusive), and at most `take` rows. Only fees with something
 * owed (> 0 cents) are returned. Reads only; never throws for data (a malformed event is skipped).
 */
export async function owedCancellationFees(
  opts: { driverId?: string; cancelledBefore?: Date; take?: number } = {},
): Promise<TOwedCancellationFee[]> {
  const rows = await db.$queryRaw<
    {
      shipmentId: string;
      reference: string;
      pickupCity: string;
      dropoffCity: string;
      cancelledAt: Date;
      driverId: string;
      currency: string;
      feeCents: number;
    }[]
  >`
    SELECT s."id" AS "shipmentId", s."reference", s."pickupCity", s."dropoffCity", s."cancelledAt", s."driverId",
           s."currency", (e."data"->>'feeCents')::int AS "feeCents"
      FROM "Shipment" s
      JOIN "ShipmentEvent" e ON e."shipmentId" = s."id" AND e."type" = 'CANCELLED' AND e."toStatus" = 'CANCELLED'
     WHERE s."status" = 'CANCELLED'
       AND s."cancelledAt" IS NOT NULL
       AND s."driverId" IS NOT NULL
       AND jsonb_typeof(e."data"->'feeCents') = 'number'
       AND (e."data"->>'feeCents')::numeric BETWEEN 1 AND 2147483647
       AND e."data"->>'driverId' = s."driverId"
       AND NOT EXISTS (SELECT 1 FROM "PayoutItem" i WHERE i."shipmentId" = s."id")
       ${opts.driverId ? Prisma.sql`AND s."driverId" = ${opts.driverId}` : Prisma.empty}
       ${opts.cancelledBefore ? Prisma.sql`AND s."cancelledAt" < ${opts.cancelledBefore}` : Prisma.empty}
     ORDER BY s."cancelledAt" ASC, s."id" ASC
     ${opts.take ? Prisma.sql`LIMIT ${opts.take}` : Prisma.empty}`;
  if (rows.length === 0) return [];
  const payments = await db.payment.findMany({
    where: { shipmentId: { in: rows.map((r) => r.shipmentId) } },
    select: {
      shipmentId: true,
      status: true,
      amountCents: true,
      refundedCents: true,
      refundDueCents: true,
      refundStatus: true,
    },
  });
  const byShipment = new Map<string, typeof payments>();
  for (const p of payments) byShipment.set(p.shipmentId, [...(byShipment.get(p.shipmentId) ?? []), p]);
  return rows
    .map(({ feeCents, ...r }) => ({
      ...r,
      recordedFeeCents: feeCents,
      owedCents: cancellationFeeOwedCents(feeCents, byShipment.get(r.shipmentId) ?? []),
    }))
    .filter((r) => r.owedCents > 0);
}
