import { z } from "zod";

import { Role } from "~/generated/prisma/enums";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { getUserForAdmin, listUsers, setUserDisabled, setUserRole } from "~/server/services/admin/users";

const adminProcedure = roleProcedure("ADMIN");
const ZUserId = z.object({ userId: z.string().min(1).max(64) });

export const adminUsersRouter = createTRPCRouter({
  list: adminProcedure
    .input(
      z.object({
        search: z.string().trim().max(100).optional(),
        role: z.enum(Role).optional(),
        state: z.enum(["active", "disabled", "unverified"]).optional(),
        // Keyset cursors from the previous answer (`nextCursor` / `previousCursor`), not page numbers.
        after: z.string().max(200).nullish(),
        before: z.string().max(200).nullish(),
        pageSize: z.number().int().min(5).max(100).default(20),
      }),
    )
    .query(({ input }) => listUsers(input)),

  get: adminProcedure.input(ZUserId).query(({ input }) => getUserForAdmin(input.userId)),

  setDisabled: adminProcedure
    .input(ZUserId.extend({ disabled: z.boolean(), reason: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => setUserDisabled({ ...input, adminId: ctx.session.user.id, ip: ctx.meta.ip })),

  setRole: adminProcedure
    .input(ZUserId.extend({ role: z.enum(Role) }))
    .mutation(({ ctx, input }) => setUserRole({ ...input, adminId: ctx.session.user.id, ip: ctx.meta.ip })),
});
