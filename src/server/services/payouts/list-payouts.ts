// What a driver's Earnings page shows about being paid: their payouts (newest first) with their loads, and the
// completed loads waiting for Friday's run (each with its quick-pay price), and the cancellation fees (TONU) owed
// for loads cancelled after they accepted, also paid on Friday. Only the driver's own rows.
import { payoutItemLabel } from "~/lib/payout-items";
import { db } from "~/server/db";
import { owedCancellationFees } from "./cancellation-fees";
import { driverShareCents, nextWeeklyRun, quickPayFeeCents } from "./rules";

/** Payouts listed per page load. */
export const PAYOUTS_LISTED = 50;

/**
 * `driverId`'s payouts and unpaid loads. Cents in each row's currency; instants UTC (the page shows them in the
 * viewer's zone); `nextRunAt` is the next Friday 09:00 America/Chicago. Each payout item has its `kind` (LOAD or
 * CANCELLATION_FEE) and `label` ("TT-7K3F9Q" or "Cancellation fee (TONU) – TT-7K3F9Q"); `unpaidFees` are the
 * cancellation fees owed and not yet in a payout (`amountCents` owed, `cancelledAt`), oldest first.
 */
export async function driverPayouts(driverId: string, now = new Date()) {
  const [payouts, unpaid, fees] = await Promise.all([
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
            kind: true,
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
    owedCancellationFees({ driverId, take: 100 }),
  ]);
  return {
    nextRunAt: nextWeeklyRun(now),
    payouts: payouts.map((p) => ({
      ...p,
      items: p.items.map((i) => ({
        amountCents: i.amountCents,
        kind: i.kind,
        label: payoutItemLabel({ kind: i.kind, reference: i.shipment.reference }),
        ...i.shipment,
      })),
    })),
    unpaidFees: fees.map((f) => ({
      shipmentId: f.shipmentId,
      reference: f.reference,
      label: payoutItemLabel({ kind: "CANCELLATION_FEE", reference: f.reference }),
      pickupCity: f.pickupCity,
      dropoffCity: f.dropoffCity,
      cancelledAt: f.cancelledAt,
      amountCents: f.owedCents,
      currency: f.currency,
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
