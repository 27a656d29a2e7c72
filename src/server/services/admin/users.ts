// The admin user list and the admin actions on an account; every action writes an AuditLog row.
import type { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { activeStatuses } from "~/lib/shipment-state";
import { db } from "~/server/db";
import { escapeLike } from "~/server/services/search";
import { writeAudit } from "~/server/services/audit";
import { type TKeysetFind, twoWayKeysetPage } from "~/server/services/keyset";
import { terminateUserConnections } from "~/server/realtime/terminate";
import { revokeAllSessions } from "~/server/services/auth/sessions";

export type TUserListFilter = {
  search?: string;
  role?: Role;
  state?: "active" | "disabled" | "unverified";
  after?: string | null;
  before?: string | null;
  pageSize: number;
};

/**
 * Accounts for the admin list, newest first, filtered by role, state and a name or email search
 * (case-insensitive). Paged by cursor on (createdAt desc, id desc) so sign-ups during paging never repeat a row:
 * see `twoWayKeysetPage` for `after`/`before`, `offset`, `previousCursor` and `nextCursor`.
 *
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
export async function listUsers(filter: TUserListFilter) {
  const where: Prisma.UserWhereInput = {
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.state === "disabled" ? { disabledAt: { not: null } } : {}),
    ...(filter.state === "active" ? { disabledAt: null } : {}),
    ...(filter.state === "unverified" ? { emailVerifiedAt: null } : {}),
    ...(filter.search
      ? {
          OR: [
            { email: { contains: escapeLike(filter.search), mode: "insensitive" } },
            { name: { contains: escapeLike(filter.search), mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [total, page] = await Promise.all([
    db.user.count({ where }),
    twoWayKeysetPage({
      page: { after: filter.after, before: filter.before, limit: filter.pageSize },
      field: "createdAt",
      at: (row) => row.createdAt,
      countNewer: (newer) => db.user.count({ where: { AND: [where, newer] } }),
      find: ({ where: position, direction, take }: TKeysetFind) =>
        db.user.findMany({
          where: { AND: [where, position] },
          orderBy: [{ createdAt: direction }, { id: direction }],
          take,
          select: {
            id: true,
            email: true,
            name: true,
            role: true,
            emailVerifiedAt: true,
            disabledAt: true,
            createdAt: true,
          },
        }),
    }),
  ]);
  return {
    users: page.items,
    total,
    offset: page.offset,
    previousCursor: page.previousCursor,
    nextCursor: page.nextCursor,
  };
}

export async function getUserForAdmin(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      phone: true,
      role: true,
      emailVerifiedAt: true,
      disabledAt: true,
      createdAt: true,
      driverProfile: { select: { vehicleType: true, capacityKg: true, plate: true, ratingAvg: true } },
      _count: { select: { shipments: true, driverShipments: true } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "No such user.");
  const [activeSessions, audit] = await Promise.all([
    db.authSession.count({ where: { userId, revokedAt: null, expiresAt: { gt: new Date() } } }),
    db.auditLog.findMany({
      where: { targetUserId: userId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, action: true, data: true, createdAt: true, actor: { select: { name: true, email: true } } },
    }),
  ]);
  return { user, activeSessions, audit };
}

type TAdminAction = { adminId: string; userId: string; ip: string };
type TTx = Pick<typeof db, "shipment" | "$queryRaw">;

/**
 * Locks the user's row until the transaction ends (false when there is no such user). A driver's accept reads the
 * same row FOR SHARE (lifecycle.ts `acceptLoad`), so an accept and a demotion or disabling never interleave: the
 * active-load check below sees every load the driver got.
 */
async function lockUser(tx: TTx, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  return rows.length > 0;
}

/**
 * Refuses to take a driver off the road while loads depend on them: a load in an active status (ASSIGNED,
 * PICKED_UP, IN_TRANSIT: `activeStatuses`, shipment-state.ts) needs its driver, and an admin can reassign only an
 * ASSIGNED one, so a demoted or disabled driver would strand it. Runs inside the caller's transaction.
 *
 * @throws AppError CONFLICT naming the loads' references.
 */
async function assertNoActiveLoads(tx: TTx, driverId: string): Promise<void> {
  const loads = await tx.shipment.findMany({
    where: { driverId, status: { in: [...activeStatuses] } },
    orderBy: { reference: "asc" },
    select: { reference: true },
  });
  if (loads.length === 0) return;
  const refs = loads.map((l) => l.reference).join(", ");
  const count = loads.length === 1 ? "1 active load" : `${loads.length} active loads`;
  throw new AppError("CONFLICT", `This driver has ${count} (${refs}): reassign or cancel them first.`);
}

/**
 * Disables (`disabled: true`: signs the user out everywhere and stops sign-in) or re-enables an account, with an
 * audit row (`reason` is kept there).
 *
 * @throws AppError BAD_REQUEST for the admin's own account, NOT_FOUND for an unknown user, CONFLICT when disabling
 * a driver who holds active loads (see `assertNoActiveLoads`).
 */
export async function setUserDisabled(opts: TAdminAction & { disabled: boolean; reason?: string }) {
  if (opts.adminId === opts.userId) throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
  const changed = await db.$transaction(async (tx) => {
    // update() on a missing row throws (a 500); an unknown id is the caller's mistake.
    if (!(await lockUser(tx, opts.userId))) throw new AppError("NOT_FOUND", "No such user.");
    if (opts.disabled) await assertNoActiveLoads(tx, opts.userId);
    const user = await tx.user.update({
      where: { id: opts.userId },
      data: { disabledAt: opts.disabled ? new Date() : null },
      select: { id: true, disabledAt: true },
    });
    const revoked = opts.disabled ? await revokeAllSessions({ userId: opts.userId }, tx) : 0;
    await writeAudit(tx, {
      actorId: opts.adminId,
      action: opts.disabled ? "user.disabled" : "user.enabled",
      entityType: "User",
      entityId: opts.userId,
      targetUserId: opts.userId,
      data: { reason: opts.reason ?? null, sessionsRevoked: revoked },
      ip: opts.ip,
    });
    return user;
  });
  // A disabled account's open tabs stop hearing live updates now, not at their next reconnect.
  if (opts.disabled) await terminateUserConnections(opts.userId);
  return changed;
}

/**
 * Changes an account's role, with an audit row.
 *
 * @throws AppError BAD_REQUEST for the admin's own account or for DRIVER without vehicle details (field `role`),
 * NOT_FOUND for an unknown user, CONFLICT when a driver who holds active loads would stop being one (see
 * `assertNoActiveLoads`).
 */
export async function setUserRole(opts: TAdminAction & { role: Role }) {
  if (opts.adminId === opts.userId) throw new AppError("BAD_REQUEST", "You cannot change your own role.");
  return db.$transaction(async (tx) => {
    if (!(await lockUser(tx, opts.userId))) throw new AppError("NOT_FOUND", "No such user.");
    const before = await tx.user.findUnique({
      where: { id: opts.userId },
      select: { role: true, driverProfile: { select: { userId: true } } },
    });
    if (!before) throw new AppError("NOT_FOUND", "No such user.");
    if (opts.role === "DRIVER" && !before.driverProfile) {
      throw new AppError("BAD_REQUEST", "This user has no vehicle details; they must register as a driver.", {
        fieldErrors: { role: ["A driver needs vehicle details."] },
      });
    }
    if (before.role === "DRIVER" && opts.role !== "DRIVER") await assertNoActiveLoads(tx, opts.userId);
    const user = await tx.user.update({
      where: { id: opts.userId },
      data: { role: opts.role },
      select: { id: true, role: true },
    });
    await writeAudit(tx, {
      actorId: opts.adminId,
      action: "user.role_changed",
      entityType: "User",
      entityId: opts.userId,
      targetUserId: opts.userId,
      data: { from: before.role, to: opts.role },
      ip: opts.ip,
    });
    return user;
  });
}
