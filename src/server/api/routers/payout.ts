import { z } from "zod";

import { ZIdSchema } from "~/lib/schemas/primitives";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { getPayoutAccount, refreshPayoutAccount, startPayoutOnboarding } from "~/server/services/payouts/account";
import { driverPayouts } from "~/server/services/payouts/list-payouts";
import { quickPayQuote, requestQuickPay } from "~/server/services/payouts/quick-pay";

const driverProcedure = roleProcedure("DRIVER");

const ZQuickPaySchema = z.object({
  shipmentId: ZIdSchema,
  /** The fee the driver was shown (cents); the payout is refused if it no longer matches. */
  feeCents: z
    .number({ error: "Enter the fee in cents." })
    .int({ error: "The fee is a whole number of cents." })
    .min(0, { error: "The fee cannot be negative." })
    .max(100_000_000, { error: "The fee is too large." }),
});

/** Driver payouts through Stripe Connect (issue 13 §4). Every procedure acts on the signed-in driver's own rows. */
export const payoutRouter = createTRPCRouter({
  /**
   * The driver's payout account as last synced from Stripe: `{ configured, hasAccount, payoutsEnabled,
   * detailsSubmitted, missing (what Stripe still needs, in words), disabledReason, syncedAt (UTC) }`.
   * Errors: NOT_FOUND without a driver profile.
   */
  account: driverProcedure.query(({ ctx }) => getPayoutAccount(ctx.session.user.id, ctx.stripe)),

  /**
   * Starts or resumes Connect Express onboarding: `{ url }` of Stripe's onboarding page (single use, 5 minutes),
   * which returns to /driver/earnings. Errors: NOT_CONFIGURED without Stripe or when it cannot be reached.
   */
  onboard: driverProcedure.mutation(({ ctx }) =>
    startPayoutOnboarding({ driverId: ctx.session.user.id, stripe: ctx.stripe }),
  ),

  /**
   * Re-reads the driver's account from Stripe (on the return from onboarding) and answers as `account`.
   * Errors: NOT_CONFIGURED when Stripe cannot be reached.
   */
  refreshAccount: driverProcedure.mutation(({ ctx }) =>
    refreshPayoutAccount({ driverId: ctx.session.user.id, stripe: ctx.stripe }),
  ),

  /**
   * The driver's payouts, newest first (amounts in cents, states PENDING | PAID | FAILED with Stripe's reason, the
   * loads in each), the completed loads waiting for the weekly run with their quick-pay price, and `nextRunAt`
   * (the next Friday 09:00 America/Chicago, UTC instant).
   */
  list: driverProcedure.query(({ ctx }) => driverPayouts(ctx.session.user.id)),

  /**
   * What quick pay would pay for one load: `{ grossCents, feeCents (our QUICK_PAY_FEE_BPS, 2 %), netCents,
   * currency }`. Errors: NOT_FOUND (not the driver's load), PRECONDITION_FAILED (not completed with proof),
   * CONFLICT (already in a payout).
   */
  quickPayQuote: driverProcedure
    .input(z.object({ shipmentId: ZIdSchema }))
    .query(({ ctx, input }) => quickPayQuote({ driverId: ctx.session.user.id, shipmentId: input.shipmentId })),

  /**
   * Pays one completed load now, minus the fee the driver confirmed (`feeCents`): `{ payoutId, status,
   * amountCents, feeCents, currency, failureReason }`. Once per load: asking again returns the same payout.
   * Errors: as quickPayQuote, CONFLICT when the fee changed, PRECONDITION_FAILED before payouts are enabled,
   * TOO_MANY_REQUESTS past 10 an hour, SERVICE_UNAVAILABLE without Stripe.
   */
  quickPay: driverProcedure
    .input(ZQuickPaySchema)
    .mutation(({ ctx, input }) => requestQuickPay({ driverId: ctx.session.user.id, stripe: ctx.stripe, ...input })),
});
