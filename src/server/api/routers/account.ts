import { z } from "zod";

import { ZChangePasswordSchema, ZHomeBaseSchema, ZUpdateProfileSchema } from "~/lib/schemas/auth";
import { ZIdSchema } from "~/lib/schemas/primitives";
import { unitSystems } from "~/lib/units";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { changePassword, getAccount, setHomeBase, setUnits, updateProfile } from "~/server/services/auth/account";
import { terminateUserConnections } from "~/server/realtime/terminate";
import { listSessions, revokeAllSessions, revokeSession } from "~/server/services/auth/sessions";

export const accountRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => getAccount(ctx.session.user.id)),

  updateProfile: protectedProcedure
    .input(ZUpdateProfileSchema)
    .mutation(({ ctx, input }) => updateProfile({ userId: ctx.session.user.id, input })),

  changePassword: protectedProcedure
    .input(ZChangePasswordSchema)
    .mutation(({ ctx, input }) => changePassword({ userId: ctx.session.user.id, sessionId: ctx.session.id, ...input })),

  sessions: protectedProcedure.query(({ ctx }) =>
    listSessions({ userId: ctx.session.user.id, currentSessionId: ctx.session.id }),
  ),

  revokeSession: protectedProcedure.input(z.object({ sessionId: ZIdSchema })).mutation(async ({ ctx, input }) => {
    await revokeSession({ userId: ctx.session.user.id, sessionId: input.sessionId });
    return { ok: true };
  }),

  /** "Sign out everywhere": this device included. */
  revokeAllSessions: protectedProcedure.mutation(async ({ ctx }) => {
    const revoked = await revokeAllSessions({ userId: ctx.session.user.id });
    await terminateUserConnections(ctx.session.user.id);
    return { revoked };
  }),

  /**
   * Sets the signed-in user's units: `{ units: "us" | "metric" | null }` (null = follow the browser's locale).
   * Returns `{ units }` as stored. Bad input: BAD_REQUEST with a field error on `units`.
   */
  setUnits: protectedProcedure
    .input(z.object({ units: z.enum(unitSystems, { error: "Choose US customary or metric." }).nullable() }))
    .mutation(({ ctx, input }) => setUnits({ userId: ctx.session.user.id, units: input.units })),

  /**
   * Sets (`homeBase`: label and degrees) or clears (null) the driver's home base; returns what is stored. Drivers
   * only (FORBIDDEN for others); BAD_REQUEST with field errors for a bad label or point.
   */
  setHomeBase: protectedProcedure
    .input(z.object({ homeBase: ZHomeBaseSchema.nullable() }))
    .mutation(({ ctx, input }) => setHomeBase({ userId: ctx.session.user.id, homeBase: input.homeBase })),
});
