import type { Prisma } from "~/generated/prisma/client";
import type { db } from "~/server/db";

export type TAuditEntry = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  targetUserId?: string | null;
  data?: Prisma.InputJsonValue;
  ip?: string | null;
};

/** Writes one audit row inside the caller's transaction, so the action and its record commit together. */
export function writeAudit(tx: Pick<typeof db, "auditLog">, entry: TAuditEntry) {
  return tx.auditLog.create({ data: { ...entry, targetUserId: entry.targetUserId ?? null, ip: entry.ip ?? null } });
}
