// Paying one Payout: a Stripe Transfer from the platform balance to the driver's Connect account. Exactly once:
// the idempotency key is `payout:<payout id>:<attempt>` (the attempt bumps only after Stripe REFUSED the previous
// one, so nothing was paid by it), a transfer already made for the payout is found by its transfer_group before a
// new one is asked for (Stripe forgets idempotency keys after 24 h), and a refusal never overwrites PAID.
import Stripe from "stripe";

import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { isStripeRefusal } from "../payments/stripe-errors";

export const transferIdempotencyKey = (payoutId: string, attempt: number) => `payout:${payoutId}:${attempt}`;
export const transferGroup = (payoutId: string) => `payout_${payoutId}`;

export const NO_PAYOUT_ACCOUNT = "No payout account yet: set one up on the Earnings page to be paid.";

/** The admins' words for a payout whose driver cannot receive payouts yet (no account, or onboarding unfinished). */
export const DRIVER_SETUP_UNFINISHED_FOR_ADMIN = "The driver has not finished payout setup.";

/**
 * The driver's words for a payout held back because their Connect account cannot receive payouts yet
 * (`payouts_enabled` false, synced from account.updated); `requirements` are Stripe's field paths still due.
 */
export function payoutSetupUnfinishedReason(requirements: readonly string[]): string {
  const due = requirements.length > 0 ? requirements.join(", ") : "the rest of your details";
  return `Finish setting up payouts on your Earnings page: Stripe still needs ${due}.`;
}

/**
 * Why a payout's stored amount cannot be sent, or null when it can: it must have items, and its amount (cents)
 * must equal the sum of its items' amounts minus its fee. `itemsSumCents` is null for a payout with no items.
 */
export function payoutAmountProblem(p: {
  amountCents: number;
  feeCents: number;
  itemCount: number;
  itemsSumCents: number | null;
}): string | null {
  if (p.itemCount === 0) return "This payout has no loads, so there is nothing to pay: it was not sent.";
  const expected = (p.itemsSumCents ?? 0) - p.feeCents;
  if (expected !== p.amountCents) {
    return `This payout's amount (${p.amountCents} cents) does not match its loads (${expected} cents after the fee): it was not sent.`;
  }
  return null;
}

/** payoutAmountProblem for the stored payout `payoutId` (reads its items; `tx` for a caller holding its lock). */
export async function storedPayoutAmountProblem(
  client: Pick<typeof db, "payout" | "payoutItem">,
  payoutId: string,
): Promise<string | null> {
  const [payout, sum] = await Promise.all([
    client.payout.findUniqueOrThrow({ where: { id: payoutId }, select: { amountCents: true, feeCents: true } }),
    client.payoutItem.aggregate({ where: { payoutId }, _sum: { amountCents: true }, _count: { _all: true } }),
  ]);
  return payoutAmountProblem({
    amountCents: payout.amountCents,
    feeCents: payout.feeCents,
    itemCount: sum._count._all,
    itemsSumCents: sum._sum.amountCents,
  });
}

/** PAID, FAILED (reason stored), BUSY (another run is sending this very request), or SKIPPED (nothing to pay). */
export type TTransferOutcome = "PAID" | "FAILED" | "BUSY" | "SKIPPED";

/**
 * Sends `payoutId`'s transfer if it is not PAID: `amountCents` in its currency to the driver's Connect account.
 * A refusal from Stripe (4xx: payouts not enabled, insufficient balance) is stored as FAILED with Stripe's message
 * and retried by the next weekly run with a new attempt number; a driver without an account, or whose account
 * cannot receive payouts yet (`payoutsEnabled` false: the reason names Stripe's requirements), and a payout whose
 * amount is not its items' sum minus its fee (or that has no items) are FAILED without a Stripe call. Network errors and 5xx throw (the caller retries with the same key). Never throws for a refusal.
 */
export async function sendPayoutTransfer(opts: {
  payoutId: string;
  stripe: TStripeConfig;
  now?: Date;
}): Promise<TTransferOutcome> {
  const now = opts.now ?? new Date();
  // The claim comes first: it waits for a weekly grouping holding the row, and from it on the payout's amount is
  // fixed (grouping adds items only to a payout never attempted), so the amount read below is the one paid.
  const claimed = await db.payout.updateMany({
    where: { id: opts.payoutId, status: { not: "PAID" } },
    data: { lastAttemptAt: now },
  });
  if (claimed.count === 0) return "SKIPPED";
  const payout = await db.payout.findUnique({
    where: { id: opts.payoutId },
    select: {
      id: true,
      kind: true,
      status: true,
      amountCents: true,
      currency: true,
      driverId: true,
      transferAttempt: true,
      driver: {
        select: {
          driverProfile: {
            select: { stripeConnectAccountId: true, payoutsEnabled: true, payoutRequirements: true },
          },
        },
      },
    },
  });
  if (!payout || payout.status === "PAID" || payout.amountCents <= 0) return "SKIPPED";
  const attempt = payout.transferAttempt;
  const profile = payout.driver.driverProfile;
  const destination = profile?.stripeConnectAccountId;
  // Held back without a Stripe call: no account, an account Stripe does not pay out to yet, or an amount its
  // items do not add up to. The attempt number stays (nothing was asked of Stripe).
  const heldBack = !destination
    ? NO_PAYOUT_ACCOUNT
    : !profile.payoutsEnabled
      ? payoutSetupUnfinishedReason(profile.payoutRequirements)
      : await storedPayoutAmountProblem(db, payout.id);
  if (heldBack || !destination) {
    await db.payout.updateMany({
      where: { id: payout.id, status: { not: "PAID" } },
      data: { status: "FAILED", failureReason: heldBack ?? NO_PAYOUT_ACCOUNT },
    });
    return "FAILED";
  }
  const stripe = stripeClient(opts.stripe);
  try {
    const group = transferGroup(payout.id);
    const earlier = (await stripe.transfers.list({ transfer_group: group, limit: 1 })).data[0];
    const transfer =
      earlier ??
      (await stripe.transfers.create(
        {
          amount: payout.amountCents,
          currency: payout.currency.toLowerCase(),
          destination,
          transfer_group: group,
          description: payout.kind === "QUICK" ? "Trial Transport quick pay" : "Trial Transport weekly payout",
          metadata: { payoutId: payout.id, driverId: payout.driverId },
        },
        { idempotencyKey: transferIdempotencyKey(payout.id, attempt) },
      ));
    await db.payout.updateMany({
      where: { id: payout.id, status: { not: "PAID" } },
      data: { status: "PAID", stripeTransferId: transfer.id, paidAt: now, failureReason: null },
    });
    return "PAID";
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError && error.statusCode === 409) return "BUSY";
    if (!isStripeRefusal(error)) throw error;
    // Only the run that made this attempt records its refusal, and never over a payment that went through.
    await db.payout.updateMany({
      where: { id: payout.id, status: { not: "PAID" }, transferAttempt: attempt },
      data: { status: "FAILED", failureReason: error.message, transferAttempt: attempt + 1 },
    });
    return "FAILED";
  }
}
