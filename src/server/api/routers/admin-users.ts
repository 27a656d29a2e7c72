import { z } from "zod";

import { Role } from "~/generated/prisma/enums";
import {
  atMostOneCursor,
  BOTH_CURSORS_MESSAGE,
  ZCursorSchema,
  ZIdSchema,
  ZOptionalText,
  ZText,
} from "~/lib/schemas/primitives";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { getUserForAdmin, listUsers, setUserDisabled, setUserRole } from "~/server/services/admin/users";

const adminProcedure = roleProcedure("ADMIN");
const ZUserId = z.object({ userId: ZIdSchema });

export const adminUsersRouter = createTRPCRouter({
  list: adminProcedure
    .input(
      z
        .object({
          search: ZText({ max: 100 }).optional(),
          role: z.enum(Role).optional(),
          state: z.enum(["active", "disabled", "unverified"]).optional(),
          // Keyset cursors from the previous answer (`nextCursor` / `previousCursor`), not page numbers.
          after: ZCursorSchema.nullish(),
          before: ZCursorSchema.nullish(),
          pageSize: z.number().int().min(5).max(100).default(20),
        })
        .refine(atMostOneCursor, { error: BOTH_CURSORS_MESSAGE, path: ["before"] }),
    )
    .query(({ input }) => listUsers(input)),

  get: adminProcedure.input(ZUserId).query(({ input }) => getUserForAdmin(input.userId)),

  setDisabled: adminProcedure
    .input(ZUserId.extend({ disabled: z.boolean(), reason: ZOptionalText({ max: 500, multiline: true }) }))
    .mutation(({ ctx, input }) => setUserDisabled({ ...input, adminId: ctx.session.user.id, ip: ctx.meta.ip })),

  setRole: adminProcedure
    .input(ZUserId.extend({ role: z.enum(Role) }))
    .mutation(({ ctx, input }) => setUserRole({ ...input, adminId: ctx.session.user.id, ip: ctx.meta.ip })),
});
