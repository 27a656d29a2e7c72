import { z } from "zod";

import { atMostOneCursor, BOTH_CURSORS_MESSAGE, ZCursorSchema, ZIdSchema, ZText } from "~/lib/schemas/primitives";
import { ZReasonSchema, ZShipmentIdSchema } from "~/lib/schemas/shipment";
import { shipmentStatuses } from "~/lib/shipment-state";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import {
  forceCancel,
  listAllShipments,
  listDriversForAssignment,
  operationsOverview,
  reassign,
} from "~/server/services/admin/shipments";

const adminProcedure = roleProcedure("ADMIN");

export const adminRouter = createTRPCRouter({
  overview: adminProcedure.query(() => operationsOverview()),

  shipments: adminProcedure
    .input(
      z
        .object({
          status: z.enum(shipmentStatuses).optional(),
          search: ZText({ max: 60 }).optional(),
          // Keyset cursors from the previous answer (`nextCursor` / `previousCursor`), not page numbers.
          after: ZCursorSchema.nullish(),
          before: ZCursorSchema.nullish(),
          pageSize: z.number().int().min(5).max(100).default(25),
        })
        .refine(atMostOneCursor, { error: BOTH_CURSORS_MESSAGE, path: ["before"] }),
    )
    .query(({ input }) => listAllShipments(input)),

  drivers: adminProcedure
    .input(ZShipmentIdSchema.extend({ search: ZText({ max: 60 }).optional() }))
    .query(({ input }) => listDriversForAssignment({ shipmentId: input.id, search: input.search })),

  forceCancel: adminProcedure
    .input(ZShipmentIdSchema.extend({ reason: ZReasonSchema }))
    .mutation(({ ctx, input }) => forceCancel({ adminId: ctx.session.user.id, ip: ctx.meta.ip, ...input })),

  reassign: adminProcedure
    .input(ZShipmentIdSchema.extend({ driverId: ZIdSchema, reason: ZReasonSchema }))
    .mutation(({ ctx, input }) => reassign({ adminId: ctx.session.user.id, ip: ctx.meta.ip, ...input })),
});
