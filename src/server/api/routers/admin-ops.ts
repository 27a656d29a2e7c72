// Live operations for admins (issue 14 §1): the exceptions queue, the interventions and the live map's data. Every
// procedure is ADMIN only (rbac.ts); every write takes a reason and is audited (services/admin/interventions.ts).
import { z } from "zod";

import { ZIdSchema } from "~/lib/schemas/primitives";
import { ZReasonSchema, ZShipmentIdSchema } from "~/lib/schemas/shipment";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import {
  exceptionKinds,
  listExceptions,
  listRecentResolutions,
  resolveException,
} from "~/server/services/admin/exceptions";
import {
  extendPickupWindow,
  holdShipment,
  markDelivered,
  markPickedUp,
  reissueDeliveryCode,
  releaseHold,
  unlockDeliveryCode,
} from "~/server/services/admin/interventions";
import { liveOpsMap, liveMapLateness, liveMapStatuses } from "~/server/services/admin/live-map";
import { replayStripeEvent } from "~/server/services/webhooks/replay-stripe-event";

const adminProcedure = roleProcedure("ADMIN");

const ZIntervention = ZShipmentIdSchema.extend({ reason: ZReasonSchema });

/** "YYYY-MM-DDTHH:mm", wall-clock time as a datetime-local input gives it. */
const ZWallTime = z
  .string({ error: "Enter a date and time." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "Enter a date and time." });

export const adminOpsRouter = createTRPCRouter({
  /**
   * Open exceptions, oldest first, paged by page number (1-based, `pageSize` 5–100): see listExceptions for the
   * rules and the item shape. `kind` filters to one rule.
   */
  exceptions: adminProcedure
    .input(
      z.object({
        kind: z.enum(exceptionKinds).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(5).max(100).default(25),
      }),
    )
    .query(({ input }) => listExceptions(input)),

  /** The 20 most recent exception resolutions, newest first, with who, when and why: see listRecentResolutions. */
  recentResolutions: adminProcedure.query(() => listRecentResolutions()),

  /** Resolves one open exception with a reason (who, when, why recorded). Throws NOT_FOUND when it is not open. */
  resolveException: adminProcedure
    .input(z.object({ kind: z.enum(exceptionKinds), subjectId: ZIdSchema, reason: ZReasonSchema }))
    .mutation(({ ctx, input }) => resolveException({ adminId: ctx.session.user.id, ip: ctx.meta.ip, ...input })),

  /** Forgets the wrong delivery-code tries so the driver can enter it again. NOT_FOUND, CONFLICT. */
  unlockDeliveryCode: adminProcedure
    .input(ZIntervention)
    .mutation(({ ctx, input }) => unlockDeliveryCode({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /** Issues a new delivery code (the old one stops working). NOT_FOUND, CONFLICT. */
  reissueDeliveryCode: adminProcedure
    .input(ZIntervention)
    .mutation(({ ctx, input }) => reissueDeliveryCode({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /** ASSIGNED → PICKED_UP on the driver's behalf, the reason as the note. NOT_FOUND, CONFLICT. */
  markPickedUp: adminProcedure
    .input(ZIntervention)
    .mutation(({ ctx, input }) => markPickedUp({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /** PICKED_UP/IN_TRANSIT → DELIVERED on the driver's behalf, the reason as the note. NOT_FOUND, CONFLICT. */
  markDelivered: adminProcedure
    .input(ZIntervention)
    .mutation(({ ctx, input }) => markDelivered({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /** Puts an active shipment on hold: driver steps are refused until released. NOT_FOUND, CONFLICT. */
  hold: adminProcedure
    .input(ZIntervention)
    .mutation(({ ctx, input }) => holdShipment({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /** Releases a hold. NOT_FOUND, CONFLICT. */
  releaseHold: adminProcedure
    .input(ZIntervention)
    .mutation(({ ctx, input }) => releaseHold({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /**
   * Extends the pick-up window to `windowEnd`, wall-clock "YYYY-MM-DDTHH:mm" in the pick-up's zone; never shrinks.
   * NOT_FOUND, CONFLICT, BAD_REQUEST on `windowEnd`.
   */
  extendPickupWindow: adminProcedure
    .input(ZIntervention.extend({ windowEnd: ZWallTime }))
    .mutation(({ ctx, input }) => extendPickupWindow({ adminId: ctx.session.user.id, ip: ctx.meta.ip }, input)),

  /** Every active shipment's last position and every online driver, for the live ops map (see liveOpsMap). */
  liveMap: adminProcedure
    .input(
      z
        .object({ status: z.enum(liveMapStatuses).optional(), lateness: z.enum(liveMapLateness).default("all") })
        .default({ lateness: "all" }),
    )
    .query(({ input }) => liveOpsMap(input)),

  /**
   * Sends the Stripe event behind a WEBHOOK_FAILING exception (`subjectId`) to be applied again, the reason audited:
   * `{ stripeEventId }`. NOT_FOUND, CONFLICT (already applied).
   */
  replayWebhook: adminProcedure
    .input(z.object({ subjectId: ZIdSchema, reason: ZReasonSchema }))
    .mutation(({ ctx, input }) =>
      replayStripeEvent({
        adminId: ctx.session.user.id,
        ip: ctx.meta.ip,
        failureId: input.subjectId,
        reason: input.reason,
      }),
    ),
});
