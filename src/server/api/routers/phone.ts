// Phone verification by SMS code (account page). The verified number is the only one SMS notifications go to.
import { z } from "zod";

import { ZConfirmPhoneVerificationSchema, ZStartPhoneVerificationSchema } from "~/lib/schemas/phone-verification";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { confirmPhoneVerification, startPhoneVerification } from "~/server/services/sms/phone-verification";

export const phoneRouter = createTRPCRouter({
  /** Texts a 6-digit code to `phone` (normalised to E.164); see startPhoneVerification for limits and errors. */
  startVerification: protectedProcedure
    .input(ZStartPhoneVerificationSchema)
    .output(z.object({ phone: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => startPhoneVerification({ userId: ctx.session.user.id, phone: input.phone })),

  /** Checks the code and stores the number as verified; see confirmPhoneVerification. */
  confirm: protectedProcedure
    .input(ZConfirmPhoneVerificationSchema)
    .output(z.object({ phone: z.string(), phoneVerifiedAt: z.date() }))
    .mutation(({ ctx, input }) => confirmPhoneVerification({ userId: ctx.session.user.id, ...input })),
});
