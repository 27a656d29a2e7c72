// Shipper plans (issue 13 §2): the plan in force, upgrading through Stripe Checkout in subscription mode, the
// Billing Portal for the card and cancellation, and the subscription invoices from Stripe (§3).
import { z } from "zod";

import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { changePlan } from "~/server/services/subscriptions/change-plan";
import { getPlanOverview } from "~/server/services/subscriptions/get-plan-overview";
import { listPlanInvoices } from "~/server/services/subscriptions/list-plan-invoices";
import { openBillingPortal } from "~/server/services/subscriptions/open-billing-portal";
import { startPlanCheckout } from "~/server/services/subscriptions/start-plan-checkout";

export const ZPaidPlanSchema = z.enum(["PRO", "BUSINESS"], { error: "Choose Pro or Business." });

export const subscriptionRouter = createTRPCRouter({
  /**
   * The caller's plan: `plan` in force (FREE | PRO | BUSINESS), the `subscription` behind it (status, period end,
   * cancel at period end), `banner` ("past_due" | "canceled" | null), this month's `usage` (posted, limit, UTC month
   * start), the `plans` on offer with their fee (basis points) and limit, `paymentsEnabled`, `hasBillingAccount`.
   */
  plan: roleProcedure("SHIPPER").query(({ ctx }) =>
    getPlanOverview({ userId: ctx.session.user.id, paymentsEnabled: ctx.stripe !== null }),
  ),

  /**
   * Starts the upgrade to `plan`: `{ url }` of Stripe Checkout (subscription mode). The plan changes when the webhook
   * arrives. BAD_REQUEST for a plan other than PRO/BUSINESS, CONFLICT when a plan is already live, NOT_CONFIGURED
   * without Stripe.
   */
  checkout: roleProcedure("SHIPPER")
    .input(z.object({ plan: ZPaidPlanSchema }))
    .mutation(({ ctx, input }) =>
      startPlanCheckout({ userId: ctx.session.user.id, plan: input.plan, stripe: ctx.stripe }),
    ),

  /**
   * "Manage billing": `{ url }` of a Stripe Billing Portal session for the caller's own customer. PRECONDITION_FAILED
   * before a first plan, NOT_CONFIGURED without Stripe.
   */
  portal: roleProcedure("SHIPPER").mutation(({ ctx }) =>
    openBillingPortal({ userId: ctx.session.user.id, stripe: ctx.stripe }),
  ),

  /** The caller's subscription invoices from Stripe, newest first (amounts in cents), with hosted links; [] if none. */
  invoices: roleProcedure("SHIPPER").query(({ ctx }) =>
    listPlanInvoices({ userId: ctx.session.user.id, stripe: ctx.stripe }),
  ),

  /**
   * Switches the caller's plan in force to `plan` now, proration invoiced at once: `{ plan }` as Stripe now holds it.
   * BAD_REQUEST for Free, PRECONDITION_FAILED without a plan in force, NOT_CONFIGURED without Stripe or on its
   * failure. Idempotent: a repeat makes no second change or invoice.
   */
  changePlan: roleProcedure("SHIPPER")
    .input(z.object({ plan: ZPaidPlanSchema }))
    .mutation(({ ctx, input }) => changePlan({ userId: ctx.session.user.id, plan: input.plan, stripe: ctx.stripe })),
});
