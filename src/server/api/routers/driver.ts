import { z } from "zod";

import { ZCursorSchema, ZIdSchema, ZLatitudeSchema, ZLongitudeSchema, ZOptionalText } from "~/lib/schemas/primitives";
import { ZLoadBoardInputSchema } from "~/lib/schemas/load-board";
import { ZDeliveryCodeSchema, ZShipmentIdSchema } from "~/lib/schemas/shipment";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { acceptLoad, deliver, depart, pickUp, releaseJob } from "~/server/services/shipments/lifecycle";
import {
  DRIVER_HISTORY_PAGE,
  driverEarnings,
  driverHistory,
  driverJobs,
} from "~/server/services/shipments/driver-jobs";
import { loadBoard } from "~/server/services/shipments/load-board";

const driverProcedure = roleProcedure("DRIVER");

export const driverRouter = createTRPCRouter({
  /** Open loads for this driver: filters in metres, instants and cents per mile (see ZLoadBoardInputSchema). */
  loadBoard: driverProcedure
    .input(ZLoadBoardInputSchema)
    .query(({ ctx, input }) => loadBoard({ driverId: ctx.session.user.id, ...input })),

  accept: driverProcedure
    .input(ZShipmentIdSchema)
    .mutation(({ ctx, input }) =>
      acceptLoad({ driverId: ctx.session.user.id, emailVerified: ctx.session.user.emailVerified, id: input.id }),
    ),

  release: driverProcedure
    .input(ZShipmentIdSchema.extend({ reason: ZOptionalText({ max: 500, multiline: true }) }))
    .mutation(({ ctx, input }) => releaseJob({ driverId: ctx.session.user.id, ...input })),

  pickUp: driverProcedure
    .input(ZShipmentIdSchema)
    .mutation(({ ctx, input }) => pickUp({ driverId: ctx.session.user.id, id: input.id })),

  depart: driverProcedure
    .input(ZShipmentIdSchema)
    .mutation(({ ctx, input }) => depart({ driverId: ctx.session.user.id, id: input.id })),

  /**
   * Delivers the driver's IN_TRANSIT load with the proof its shipper chose (`podRequires` on `shipment.get`): the
   * code, a photo and/or the recipient's name and signature (file ids from /api/uploadthing). `lat`/`lng` degrees.
   * Errors (see lifecycle.ts deliver): NOT_FOUND, CONFLICT (not in transit, delivered, locked), BAD_REQUEST with
   * field errors on `code`, `photo`, `signature`, `recipientName`. With `idempotencyKey` (UUID) a replay of a stored
   * proof answers `{ status: "DELIVERED" }` again; `capturedAt` is the phone's time of the proof (an instant).
   */
  deliver: driverProcedure
    .input(
      ZShipmentIdSchema.extend({
        // Required when the shipment requires the code (its `podRequires`); compared whenever given.
        code: ZDeliveryCodeSchema.optional(),
        lat: ZLatitudeSchema.optional(),
        lng: ZLongitudeSchema.optional(),
        // Proof uploaded first through /api/uploadthing (podPhoto, podSignature); required per shipment.
        photoFileId: ZIdSchema.optional(),
        signatureFileId: ZIdSchema.optional(),
        recipientName: ZOptionalText({ max: 120 }),
        // The phone's key for this submission: a replay of a stored proof answers as delivered (offline queue).
        idempotencyKey: z.uuid({ error: "idempotencyKey is a UUID." }).optional(),
        // When the proof was given on the phone (kept only between the in-transit time and now).
        capturedAt: z.date({ error: "capturedAt is a date." }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => deliver({ driverId: ctx.session.user.id, ...input })),

  jobs: driverProcedure.query(({ ctx }) => driverJobs(ctx.session.user.id)),

  history: driverProcedure
    .input(
      z.object({
        cursor: ZCursorSchema.nullish(),
        limit: z.number().int().min(1).max(50).default(DRIVER_HISTORY_PAGE),
      }),
    )
    .query(({ ctx, input }) => driverHistory({ driverId: ctx.session.user.id, ...input })),

  earnings: driverProcedure.query(({ ctx }) => driverEarnings(ctx.session.user.id)),
});
