// What a driver's Earnings page shows about being paid: their payouts (newest first) with their loads, and the
// completed loads waiting for Friday's run (each with its quick-pay price). Only the driver's own rows.
import { db } from "~/server/db";
import { driverShareCents, nextWeeklyRun, quickPayFeeCents } from "./rules";

/** Payouts listed per page load. */
export const PAYOUTS_LISTED = 50;

/**
 * `driverId`'s payouts and unpaid loads. Cents in each row's currency; instants UTC (the page shows them in the
 * viewer's zone); `nextRunAt` is the next Friday 09:00 America/Chicago.
 */
export async function driverPayouts(driverId: string, now = new Date()) {
  const [payouts, unpaid] = await Promise.all([
    db.payout.findMany({
      where: { driverId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAYOUTS_LISTED,
      select: {
        id: true,
        kind: true,
        status: true,
        amountCents: true,
        feeCents: true,
        currency: true,
        periodStart: true,
        periodEnd: true,
        createdAt: true,
        paidAt: true,
        failureReason: true,
        items: {
          orderBy: { id: "asc" },
          select: {
            amountCents: true,
            shipment: { select: { id: true, reference: true, pickupCity: true, dropoffCity: true } },
          },
        },
      },
    }),
    db.shipment.findMany({
      where: { driverId, status: "COMPLETED", proofOfDelivery: { isNot: null }, payoutItems: { none: {} } },
      orderBy: [{ completedAt: "desc" }, { id: "desc" }],
      take: 100,
      select: {
        id: true,
        reference: true,
        pickupCity: true,
        dropoffCity: true,
        completedAt: true,
        driverPayoutCents: true,
        currency: true,
      },
    }),
  ]);
  return {
    nextRunAt: nextWeeklyRun(now),
    payouts: payouts.map((p) => ({
      ...p,
      items: p.items.map((i) => ({ amountCents: i.amountCents, ...i.shipment })),
    })),
    unpaid: unpaid.map((s) => {
      const grossCents = driverShareCents(s);
      const feeCents = quickPayFeeCents(grossCents);
      return {
        shipmentId: s.id,
        reference: s.reference,
        pickupCity: s.pickupCity,
        dropoffCity: s.dropoffCity,
        completedAt: s.completedAt,
        currency: s.currency,
        grossCents,
        quickPayFeeCents: feeCents,
        quickPayNetCents: grossCents - feeCents,
      };
    }),
  };
}
