// Sending outbox rows to Inngest, each with its row id as the event id, and marking the ones Inngest took.
import { inngest } from "../../../../inngest/client";
import { db } from "~/server/db";
import { logger } from "~/server/log/logger";

export type TSendOutcome = { sent: number; failed: number; error?: string };

/**
 * Sends the given unsent outbox rows (ids that are unknown or already sent are skipped) in one batch and stamps
 * `sentAt` on success. A failure (Inngest unreachable, a refused key) never throws: it is counted on the rows
 * (`attempts`, `lastError`) and the relay (relay-outbox.ts) sends them later. Sending a row twice is harmless:
 * Inngest ignores an event id it has seen in the last 24 hours.
 */
export async function sendOutboxEvents(ids: string[]): Promise<TSendOutcome> {
  if (ids.length === 0) return { sent: 0, failed: 0 };
  const rows = await db.outboxEvent.findMany({
    where: { id: { in: ids }, sentAt: null },
    select: { id: true, name: true, data: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  if (rows.length === 0) return { sent: 0, failed: 0 };
  try {
    await inngest.send(
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        data: r.data as Record<string, unknown>,
        ts: r.createdAt.getTime(),
      })),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.outboxEvent.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
    });
    logger.warn(
      { module: "outbox", unsent: rows.length },
      `outbox: ${rows.length} event(s) not sent yet, the relay will retry: ${message}`,
    );
    return { sent: 0, failed: rows.length, error: message };
  }
  await db.outboxEvent.updateMany({
    where: { id: { in: rows.map((r) => r.id) }, sentAt: null },
    data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
  });
  return { sent: rows.length, failed: 0 };
}
