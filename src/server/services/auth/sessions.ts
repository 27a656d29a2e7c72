import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { terminateUserConnections } from "~/server/realtime/terminate";

export async function listSessions(opts: { userId: string; currentSessionId: string }) {
  const rows = await db.authSession.findMany({
    where: { userId: opts.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((r) => ({ ...r, current: r.id === opts.currentSessionId }));
}

/**
 * Revokes one session of the user and ends the user's live connections (terminateUserConnections: the tabs of
 * their other sessions reconnect by themselves; this session's tabs are refused a new subscription).
 *
 * @throws AppError NOT_FOUND when the session is not an active one of this user.
 */
export async function revokeSession(opts: { userId: string; sessionId: string }): Promise<void> {
  const { count } = await db.authSession.updateMany({
    where: { id: opts.sessionId, userId: opts.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "That session is not active.");
  await terminateUserConnections(opts.userId);
}

/**
 * Revokes every session of the user, or every one but `exceptSessionId`, in `tx` when given. Returns how many.
 * Callers end the user's live connections after their transaction commits (terminateUserConnections).
 */
export async function revokeAllSessions(
  opts: { userId: string; exceptSessionId?: string },
  tx: Pick<typeof db, "authSession"> = db,
): Promise<number> {
  const { count } = await tx.authSession.updateMany({
    where: {
      userId: opts.userId,
      revokedAt: null,
      ...(opts.exceptSessionId ? { id: { not: opts.exceptSessionId } } : {}),
    },
    data: { revokedAt: new Date() },
  });
  return count;
}
