// The weekly payout run (inngest/functions/weekly-payouts.ts, Fridays 09:00 Chicago): every COMPLETED shipment
// with a proof of delivery that is in no payout yet, completed before the week's end, goes into one Payout per
// driver and week (PayoutItem.shipmentId is unique: a load is paid once, whichever run or quick pay gets it first),
// then every unpaid payout, this week's and earlier failures, is sent (transfer.ts). Safe to run twice, and twice at
// once: the payout row is locked while its items are added, and items are added only before its first attempt.
// The same payout also carries the cancellation fees (TONU) owed to the driver for loads cancelled after they
// accepted, cancelled before the week's end (cancellation-fees.ts), as items of kind CANCELLATION_FEE: the same
// unique PayoutItem.shipmentId pays each fee once.
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { owedCancellationFees } from "./cancellation-fees";
import { driverShareCents, payoutWeek } from "./rules";
import { sendPayoutTransfer, type TTransferOutcome } from "./transfer";

/** Payouts sent per run at most (the rest, and failures, wait for the next run). */
export const MAX_PAYOUTS_PER_RUN = 500;

export type TWeeklyRun = {
  periodStart: string;
  periodEnd: string;
  /** Drivers whose payout got new loads in this run. */
  grouped: number;
  outcomes: Record<TTransferOutcome, number>;
};

/**
 * Groups the unpaid loads of the week ending before `now` (payoutWeek), and the cancellation fees owed for loads
 * cancelled before that week's end (cents, cancellation-fees.ts), into payouts and pays every payout not yet
 * PAID. USD only (every price is USD, src/lib/pricing.ts). Returns counts; throws only for a network or 5xx error
 * from Stripe (what was done stays done; the retry repeats the same requests).
 */
export async function runWeeklyPayouts(opts: { now: Date; stripe: TStripeConfig }): Promise<TWeeklyRun> {
  const { periodStart, periodEnd } = payoutWeek(opts.now);
  const grouped = await groupWeek(periodStart, periodEnd);
  const due = await db.payout.findMany({
    where: { status: { in: ["PENDING", "FAILED"] }, amountCents: { gt: 0 } },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: MAX_PAYOUTS_PER_RUN,
  });
  const outcomes: Record<TTransferOutcome, number> = { PAID: 0, FAILED: 0, BUSY: 0, SKIPPED: 0 };
  for (const p of due) {
    outcomes[await sendPayoutTransfer({ payoutId: p.id, stripe: opts.stripe, now: opts.now })] += 1;
  }
  return { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), grouped, outcomes };
}

type TItem = { shipmentId: string; amountCents: number; kind: "LOAD" | "CANCELLATION_FEE" };

/**
 * Puts each driver's eligible loads and owed cancellation fees into their payout for the week; returns how many
 * payouts got items.
 */
async function groupWeek(periodStart: Date, periodEnd: Date): Promise<number> {
  const eligible = await db.shipment.findMany({
    where: {
      status: "COMPLETED",
      completedAt: { lt: periodEnd },
      driverId: { not: null },
      currency: "USD",
      proofOfDelivery: { isNot: null },
      payoutItems: { none: {} },
    },
    select: { id: true, driverId: true, driverPayoutCents: true },
  });
  const fees = await owedCancellationFees({ cancelledBefore: periodEnd });
  const byDriver = new Map<string, TItem[]>();
  const add = (driverId: string, item: TItem) => byDriver.set(driverId, [...(byDriver.get(driverId) ?? []), item]);
  for (const s of eligible) add(s.driverId!, { shipmentId: s.id, amountCents: driverShareCents(s), kind: "LOAD" });
  for (const f of fees) {
    if (f.currency !== "USD") continue;
    add(f.driverId, { shipmentId: f.shipmentId, amountCents: f.owedCents, kind: "CANCELLATION_FEE" });
  }
  let grouped = 0;
  for (const [driverId, items] of byDriver) {
    const added = await db.$transaction(async (tx) => {
      await tx.payout.createMany({
        data: [{ driverId, periodStart, periodEnd, amountCents: 0, kind: "WEEKLY" }],
        skipDuplicates: true,
      });
      const [payout] = await tx.$queryRaw<{ id: string; status: string; lastAttemptAt: Date | null }[]>`
        SELECT "id", "status"::text AS "status", "lastAttemptAt" FROM "Payout"
        WHERE "driverId" = ${driverId} AND "periodStart" = ${periodStart} FOR UPDATE`;
      if (!payout || payout.status !== "PENDING" || payout.lastAttemptAt) return 0; // sent already: next week
      const { count } = await tx.payoutItem.createMany({
        data: items.map((i) => ({ payoutId: payout.id, ...i })),
        skipDuplicates: true, // a load (or fee) a concurrent run or quick pay took first stays theirs
      });
      const sum = await tx.payoutItem.aggregate({ where: { payoutId: payout.id }, _sum: { amountCents: true } });
      const amount = sum._sum.amountCents ?? 0;
      if (amount === 0) await tx.payout.delete({ where: { id: payout.id } });
      else await tx.payout.update({ where: { id: payout.id }, data: { amountCents: amount } });
      return count;
    });
    if (added > 0) grouped += 1;
  }
  return grouped;
}
