// A driver's Stripe Connect Express account: created on the first "Set up payouts", onboarded on Stripe's page
// through an account link, and its state (payouts enabled, what is still due) re-read from Stripe whenever
// `account.updated` arrives or the driver comes back from onboarding. The payload of an event is never trusted.
import type Stripe from "stripe";

import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { stripeFailure } from "../payments/stripe-errors";
import type { TTx } from "../shipments/transition";
import { requirementsInWords } from "./rules";

export const connectAccountIdempotencyKey = (driverId: string) => `connect-account:${driverId}`;

export type TPayoutAccount = {
  /** False when Stripe is not configured: payouts are off and nothing can be set up. */
  configured: boolean;
  hasAccount: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /** What Stripe still needs, in words (requirementsInWords); empty once payouts are enabled. */
  missing: string[];
  /** Stripe's `requirements.disabled_reason` ("requirements.past_due"), or null. */
  disabledReason: string | null;
  /** When the state was last read from Stripe (UTC), or null. */
  syncedAt: Date | null;
};

/** The driver's payout account as last synced (no Stripe call). Throws NOT_FOUND when `driverId` has no profile. */
export async function getPayoutAccount(driverId: string, stripe: TStripeConfig | null): Promise<TPayoutAccount> {
  const p = await db.driverProfile.findUnique({
    where: { userId: driverId },
    select: {
      stripeConnectAccountId: true,
      payoutsEnabled: true,
      payoutDetailsSubmitted: true,
      payoutRequirements: true,
      payoutDisabledReason: true,
      payoutSyncedAt: true,
    },
  });
  if (!p) throw new AppError("NOT_FOUND", "Driver profile not found.");
  const hasAccount = !!p.stripeConnectAccountId;
  return {
    configured: !!stripe,
    hasAccount,
    payoutsEnabled: hasAccount && p.payoutsEnabled,
    detailsSubmitted: p.payoutDetailsSubmitted,
    missing: p.payoutsEnabled
      ? []
      : hasAccount
        ? requirementsInWords(p.payoutRequirements)
        : ["A Stripe payout account: set one up to be paid"],
    disabledReason: p.payoutDisabledReason,
    syncedAt: p.payoutSyncedAt,
  };
}

/**
 * Starts (or resumes) onboarding: creates the driver's Express account once (idempotency key from the driver id;
 * the id saved only if none is), then a single-use account link. Returns `{ url }`, Stripe's onboarding page, which
 * sends the driver back to /driver/earnings. Throws NOT_FOUND without a driver profile, NOT_CONFIGURED without
 * Stripe or when Stripe cannot be reached.
 */
export async function startPayoutOnboarding(opts: {
  driverId: string;
  stripe: TStripeConfig | null;
}): Promise<{ url: string }> {
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", "Payouts are not available right now.");
  const profile = await db.driverProfile.findUnique({
    where: { userId: opts.driverId },
    select: { stripeConnectAccountId: true, user: { select: { email: true } } },
  });
  if (!profile) throw new AppError("NOT_FOUND", "Driver profile not found.");
  const stripe = stripeClient(opts.stripe);
  try {
    let accountId = profile.stripeConnectAccountId;
    if (!accountId) {
      const account = await stripe.accounts.create(
        {
          type: "express",
          country: "US",
          email: profile.user.email,
          capabilities: { transfers: { requested: true } },
          metadata: { driverId: opts.driverId },
        },
        { idempotencyKey: connectAccountIdempotencyKey(opts.driverId) },
      );
      await db.driverProfile.updateMany({
        where: { userId: opts.driverId, stripeConnectAccountId: null },
        data: { stripeConnectAccountId: account.id },
      });
      const saved = await db.driverProfile.findUniqueOrThrow({
        where: { userId: opts.driverId },
        select: { stripeConnectAccountId: true },
      });
      accountId = saved.stripeConnectAccountId ?? account.id;
      await writeAccountState(db, accountId, account);
    }
    const earnings = new URL("/driver/earnings", env.APP_URL);
    const link = await stripe.accountLinks.create({
      account: accountId,
      type: "account_onboarding",
      refresh_url: `${earnings.href}?onboarding=refresh`,
      return_url: `${earnings.href}?onboarding=return`,
    });
    return { url: link.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}

/** Writes Stripe's account state onto the profile holding `accountId`; returns whether a profile matched. */
async function writeAccountState(tx: TTx | typeof db, accountId: string, account: Stripe.Account): Promise<boolean> {
  const r = account.requirements;
  const { count } = await tx.driverProfile.updateMany({
    where: { stripeConnectAccountId: accountId },
    data: {
      payoutsEnabled: account.payouts_enabled === true,
      payoutDetailsSubmitted: account.details_submitted === true,
      payoutRequirements: [...new Set([...(r?.past_due ?? []), ...(r?.currently_due ?? [])])],
      payoutDisabledReason: r?.disabled_reason ?? null,
      payoutSyncedAt: new Date(),
    },
  });
  return count > 0;
}

/**
 * Applies an account as just re-read from Stripe (never an event's payload) to the driver holding it, inside the
 * webhook's transaction. Returns the driver's id, or null for an account that is not a driver's.
 */
export async function applyAccountInTx(tx: TTx, account: Stripe.Account): Promise<string | null> {
  const profile = await tx.driverProfile.findUnique({
    where: { stripeConnectAccountId: account.id },
    select: { userId: true },
  });
  if (!profile) return null;
  await writeAccountState(tx, account.id, account);
  return profile.userId;
}

/**
 * Re-reads the driver's account from Stripe and stores its state (after onboarding, without waiting for the
 * webhook). Returns the account as getPayoutAccount does. Throws NOT_CONFIGURED when Stripe cannot be reached.
 */
export async function refreshPayoutAccount(opts: {
  driverId: string;
  stripe: TStripeConfig | null;
}): Promise<TPayoutAccount> {
  const profile = await db.driverProfile.findUnique({
    where: { userId: opts.driverId },
    select: { stripeConnectAccountId: true },
  });
  if (opts.stripe && profile?.stripeConnectAccountId) {
    try {
      const account = await stripeClient(opts.stripe).accounts.retrieve(profile.stripeConnectAccountId);
      await writeAccountState(db, account.id, account);
    } catch (error) {
      throw stripeFailure(error);
    }
  }
  return getPayoutAccount(opts.driverId, opts.stripe);
}
