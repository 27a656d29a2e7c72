import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";

export async function listSessions(opts: { userId: string; currentSessionId: string }) {
  const rows = await db.authSession.findMany({
    where: { userId: opts.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((r) => ({ ...r, current: r.id === opts.currentSessionId }));
}

export async function revokeSession(opts: { userId: string; sessionId: string }): Promise<void> {
  const { count } = await db.authSession.updateMany({
    where: { id: opts.sessionId, userId: opts.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "That session is not active.");
}

/** Revokes every session of the user, or every one but `exceptSessionId`. */
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
