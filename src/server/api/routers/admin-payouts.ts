// Driver payouts for admins (issue 13 §4): the list with Stripe's reasons, and the audited retry of a failed one.
// ADMIN only (rbac.ts); the services are in services/payouts/admin-payouts.ts.
import { z } from "zod";

import { ZIdSchema } from "~/lib/schemas/primitives";
import { ZReasonSchema } from "~/lib/schemas/shipment";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { listPayoutsForAdmin, payoutStatuses, retryPayout } from "~/server/services/payouts/admin-payouts";

const adminProcedure = roleProcedure("ADMIN");

export const adminPayoutsRouter = createTRPCRouter({
  /**
   * Every payout, newest first, `pageSize` (5-100) per 1-based `page`, optionally one `status`: driver (id, name,
   * email), kind, amount and fee in cents with the currency, status, Stripe transfer id, Stripe's failure reason,
   * loads paid, created / last attempted / paid instants (UTC). `{ items, total, page, pageCount }`.
   */
  list: adminProcedure
    .input(
      z.object({
        status: z.enum(payoutStatuses).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(5).max(100).default(25),
      }),
    )
    .query(({ input }) => listPayoutsForAdmin(input)),

  /**
   * Sends a FAILED payout's transfer again, with the admin's reason in the audit log. Idempotent: a repeat answers
   * the payout's state with `retried: false`. Errors: NOT_FOUND, CONFLICT (never sent yet), NOT_CONFIGURED (no
   * Stripe, or Stripe unreachable).
   */
  retry: adminProcedure.input(z.object({ id: ZIdSchema, reason: ZReasonSchema })).mutation(({ ctx, input }) =>
    retryPayout({
      adminId: ctx.session.user.id,
      ip: ctx.meta.ip,
      payoutId: input.id,
      reason: input.reason,
      stripe: ctx.stripe,
    }),
  ),
});
