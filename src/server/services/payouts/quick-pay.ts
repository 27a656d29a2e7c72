// Quick pay (issue 13 §4, as Uber Freight offers): a driver asks to be paid for one completed load now instead of
// on Friday, for our QUICK_PAY_FEE_BPS fee, shown before confirming. The load's PayoutItem is unique like any
// other, so it leaves the weekly run, and asking twice (or while the weekly run pays) pays it once.
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { reserveAttempt } from "../rate-limit/rate-limit";
import { driverShareCents, quickPayFeeCents, QUICK_PAY_FEE_BPS } from "./rules";
import { sendPayoutTransfer } from "./transfer";

/** Quick-pay requests per driver and hour: each one is a transfer (money moving), so they are few on purpose. */
export const QUICK_PAY_LIMIT = { max: 10, windowSec: 3600 };

export type TQuickPayQuote = {
  shipmentId: string;
  reference: string;
  /** The load's driver pay (cents), our fee (QUICK_PAY_FEE_BPS of it) and what the driver receives, in `currency`. */
  grossCents: number;
  feeCents: number;
  netCents: number;
  feeBps: number;
  currency: string;
};

export type TQuickPayResult = {
  payoutId: string;
  status: "PENDING" | "PAID" | "FAILED";
  amountCents: number;
  feeCents: number;
  currency: string;
  failureReason: string | null;
};

/** The driver's own COMPLETED load with proof of delivery, in no payout yet; else NOT_FOUND / PRECONDITION_FAILED. */
async function payableLoad(driverId: string, shipmentId: string) {
  const s = await db.shipment.findFirst({
    where: { id: shipmentId, driverId },
    select: {
      id: true,
      reference: true,
      status: true,
      driverPayoutCents: true,
      currency: true,
      proofOfDelivery: { select: { id: true } },
      payoutItems: { select: { payout: { select: { id: true, kind: true } } } },
    },
  });
  // Another driver's load reads as not found: its existence is not theirs to learn.
  if (!s) throw new AppError("NOT_FOUND", "Load not found.");
  if (s.status !== "COMPLETED" || !s.proofOfDelivery) {
    throw new AppError("PRECONDITION_FAILED", "Only a completed load with proof of delivery can be paid.");
  }
  return s;
}

/**
 * What quick pay would pay for `shipmentId` (cents): the load's driver pay, our fee and the rest. Throws NOT_FOUND
 * for a load that is not the driver's, PRECONDITION_FAILED when it is not completed with proof, CONFLICT when it is
 * already in a payout.
 */
export async function quickPayQuote(opts: { driverId: string; shipmentId: string }): Promise<TQuickPayQuote> {
  const s = await payableLoad(opts.driverId, opts.shipmentId);
  if (s.payoutItems.length > 0) throw new AppError("CONFLICT", "This load is already in a payout.");
  const grossCents = driverShareCents(s);
  const feeCents = quickPayFeeCents(grossCents);
  return {
    shipmentId: s.id,
    reference: s.reference,
    grossCents,
    feeCents,
    netCents: grossCents - feeCents,
    feeBps: QUICK_PAY_FEE_BPS,
    currency: s.currency,
  };
}

/**
 * Pays one load now: a QUICK payout of (driver pay - fee) with the load as its only item, and its transfer.
 * `feeCents` is the fee the driver was shown (quickPayQuote); a different fee now is CONFLICT, never charged.
 * Asking again for a load already quick-paid returns that payout (and retries a failed transfer); a load in the
 * weekly payout is CONFLICT. Throws NOT_CONFIGURED without Stripe, PRECONDITION_FAILED before payouts are enabled,
 * TOO_MANY_REQUESTS past QUICK_PAY_LIMIT, NOT_FOUND for another driver's load.
 */
export async function requestQuickPay(opts: {
  driverId: string;
  shipmentId: string;
  feeCents: number;
  stripe: TStripeConfig | null;
  now?: Date;
}): Promise<TQuickPayResult> {
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", "Payouts are not available right now.");
  const now = opts.now ?? new Date();
  // Ownership first: another driver's load is NOT_FOUND whatever this driver's payout setup.
  const s = await payableLoad(opts.driverId, opts.shipmentId);
  const profile = await db.driverProfile.findUnique({
    where: { userId: opts.driverId },
    select: { payoutsEnabled: true, stripeConnectAccountId: true },
  });
  if (!profile?.stripeConnectAccountId || !profile.payoutsEnabled) {
    throw new AppError("PRECONDITION_FAILED", "Set up payouts first: Stripe has not enabled payouts to you yet.");
  }
  let payoutId = s.payoutItems[0]?.payout.id ?? null;
  if (payoutId && s.payoutItems[0]?.payout.kind !== "QUICK") {
    throw new AppError("CONFLICT", "This load is already in this week's payout.");
  }
  if (!payoutId) {
    const grossCents = driverShareCents(s);
    const feeCents = quickPayFeeCents(grossCents);
    if (opts.feeCents !== feeCents) {
      throw new AppError("CONFLICT", "The quick pay fee has changed. Check the new amount and confirm again.", {
        fieldErrors: { feeCents: [`The fee is now ${feeCents} cents.`] },
      });
    }
    const reservation = await reserveAttempt({ key: `quick-pay:${opts.driverId}`, ...QUICK_PAY_LIMIT });
    if (!reservation.ok) {
      throw new AppError("TOO_MANY_REQUESTS", "Too many quick pay requests. Try again later.", {
        retryAfterSec: reservation.retryAfterSec,
      });
    }
    payoutId = await createQuickPayout({
      driverId: opts.driverId,
      shipmentId: s.id,
      currency: s.currency,
      grossCents,
      feeCents,
      now,
    });
  }
  await sendPayoutTransfer({ payoutId, stripe: opts.stripe, now });
  const after = await db.payout.findUniqueOrThrow({
    where: { id: payoutId },
    select: { id: true, status: true, amountCents: true, feeCents: true, currency: true, failureReason: true },
  });
  return {
    payoutId: after.id,
    status: after.status,
    amountCents: after.amountCents,
    feeCents: after.feeCents,
    currency: after.currency,
    failureReason: after.failureReason,
  };
}

/**
 * Creates the QUICK payout of one load, or returns the one this driver's concurrent request created. A Payout is
 * unique per (driver, periodStart): two quick pays of different loads in the same millisecond move one by 1 ms.
 */
async function createQuickPayout(o: {
  driverId: string;
  shipmentId: string;
  currency: string;
  grossCents: number;
  feeCents: number;
  now: Date;
}): Promise<string> {
  for (let shift = 0; ; shift++) {
    const at = new Date(o.now.getTime() + shift);
    try {
      const payout = await db.payout.create({
        data: {
          driverId: o.driverId,
          kind: "QUICK",
          periodStart: at,
          periodEnd: at,
          amountCents: o.grossCents - o.feeCents,
          feeCents: o.feeCents,
          currency: o.currency,
          items: { create: [{ shipmentId: o.shipmentId, amountCents: o.grossCents }] },
        },
        select: { id: true },
      });
      return payout.id;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
      // Taken meanwhile: by this driver's other click (that quick payout answers) or by the weekly run.
      const taken = await db.payoutItem.findUnique({
        where: { shipmentId: o.shipmentId },
        select: { payout: { select: { id: true, kind: true } } },
      });
      if (taken?.payout.kind === "QUICK") return taken.payout.id;
      if (taken) throw new AppError("CONFLICT", "This load is already in this week's payout.");
      if (shift >= 5) throw error;
    }
  }
}
