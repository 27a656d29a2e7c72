// Web push subscriptions of the signed-in user's browsers (account page).
import { z } from "zod";

import { ZPushEndpointSchema, ZPushSubscriptionSchema } from "~/lib/schemas/push-subscription";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { vapidKeys } from "~/server/integrations/web-push/vapid";
import {
  countPushSubscriptions,
  removePushSubscription,
  savePushSubscription,
} from "~/server/services/push/push-subscriptions";

export const pushRouter = createTRPCRouter({
  /** The VAPID public key browsers subscribe with (null: push not configured) and how many browsers are subscribed. */
  config: protectedProcedure
    .output(z.object({ publicKey: z.string().nullable(), subscriptions: z.number().int() }))
    .query(async ({ ctx }) => ({
      publicKey: vapidKeys()?.publicKey ?? null,
      subscriptions: await countPushSubscriptions(ctx.session.user.id),
    })),

  /** Saves this browser's subscription for the caller; BAD_REQUEST for an endpoint that is not a push service. */
  subscribe: protectedProcedure
    .input(ZPushSubscriptionSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      savePushSubscription({ userId: ctx.session.user.id, subscription: input, userAgent: ctx.meta.userAgent }),
    ),

  /** Forgets this browser's subscription if it is the caller's. */
  unsubscribe: protectedProcedure
    .input(ZPushEndpointSchema)
    .output(z.object({ removed: z.number().int() }))
    .mutation(({ ctx, input }) => removePushSubscription({ userId: ctx.session.user.id, endpoint: input.endpoint })),
});
