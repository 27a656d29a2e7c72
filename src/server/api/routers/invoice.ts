// Shipment invoices (issue 13 §3): the shipper's billing list. The PDF of one is a route handler,
// GET /api/invoices/<id>/pdf (src/app/api/invoices/[id]/pdf/route.ts), for the same shipper and admins.
import { z } from "zod";

import { ZCursorSchema } from "~/lib/schemas/primitives";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { listShipperInvoices } from "~/server/services/invoices/list-shipper-invoices";

export const invoiceRouter = createTRPCRouter({
  /**
   * A page of the calling shipper's shipment invoices, newest first: `{ items, nextCursor }`, `cursor` the previous
   * page's `nextCursor`, `limit` 1–50 (20). Each item has its number (TT-<UTC year>-<seq>), issue instant, total in
   * cents with its currency, the shipment, and its refund state. BAD_REQUEST for a malformed cursor (field `cursor`).
   */
  list: roleProcedure("SHIPPER")
    .input(
      z
        .object({
          cursor: ZCursorSchema.nullish(),
          limit: z.number({ error: "Use a number." }).int({ error: "Use a whole number." }).min(1).max(50).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listShipperInvoices({ shipperId: ctx.session.user.id, cursor: input?.cursor, limit: input?.limit }),
    ),
});
