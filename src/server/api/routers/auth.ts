import { z } from "zod";

import { ZEmailSchema, ZRegisterSchema, ZResetPasswordSchema, ZTokenSchema } from "~/lib/schemas/auth";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "~/server/api/trpc";
import { requestPasswordReset, resetPassword } from "~/server/services/auth/password-reset";
import { registerUser } from "~/server/services/auth/register-user";
import { resendVerification, verifyEmail } from "~/server/services/auth/verification";

const ZOk = z.object({ ok: z.literal(true) });

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .input(ZRegisterSchema)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await registerUser({ input, ip: ctx.meta.ip });
      return { ok: true } as const;
    }),

  verifyEmail: publicProcedure
    .input(z.object({ token: ZTokenSchema }))
    .output(z.object({ email: z.string(), alreadyVerified: z.boolean() }))
    .mutation(({ input }) => verifyEmail(input.token)),

  requestPasswordReset: publicProcedure
    .input(z.object({ email: ZEmailSchema }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset({ email: input.email, ip: ctx.meta.ip });
      return { ok: true } as const;
    }),

  resetPassword: publicProcedure
    .input(ZResetPasswordSchema)
    .output(ZOk)
    .mutation(async ({ input }) => {
      await resetPassword(input);
      return { ok: true } as const;
    }),

  resendVerification: protectedProcedure
    .output(z.object({ sent: z.boolean() }))
    .mutation(({ ctx }) => resendVerification(ctx.session.user.id)),
});
