// The relay: sends outbox rows that were not acknowledged (the app stopped between commit and send, or Inngest was
// unreachable). Run by the `outbox-relay` cron function and once at server start (src/instrumentation.ts).
import { db } from "~/server/db";
import { sendOutboxEvents } from "./send-outbox-events";

/** Rows younger than this are left to the request that wrote them (it sends right after commit). */
export const RELAY_MIN_AGE_MS = 30_000;
export const RELAY_BATCH_SIZE = 100;
/** Batches per relay call: a backlog bigger than this is finished by the next call (bounded work per run). */
export const RELAY_MAX_BATCHES = 20;

export type TRelayOutcome = { sent: number; failed: number };

/**
 * Sends unsent outbox rows older than `minAgeMs` (default RELAY_MIN_AGE_MS), oldest first, in batches of
 * RELAY_BATCH_SIZE, and stops at the first batch that fails (Inngest is down: the next run tries again) or after
 * RELAY_MAX_BATCHES. Safe to run twice at once: a row sent twice is dropped by Inngest's event-id de-duplication.
 */
export async function relayOutbox(opts: { minAgeMs?: number; now?: Date } = {}): Promise<TRelayOutcome> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - (opts.minAgeMs ?? RELAY_MIN_AGE_MS));
  const total: TRelayOutcome = { sent: 0, failed: 0 };
  let cursor: { createdAt: Date; id: string } | null = null;
  for (let batch = 0; batch < RELAY_MAX_BATCHES; batch++) {
    const rows: Array<{ id: string; createdAt: Date }> = await db.outboxEvent.findMany({
      where: {
        sentAt: null,
        createdAt: { lte: cutoff },
        ...(cursor
          ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: RELAY_BATCH_SIZE,
      select: { id: true, createdAt: true },
    });
    if (rows.length === 0) break;
    const outcome = await sendOutboxEvents(rows.map((r) => r.id));
    total.sent += outcome.sent;
    total.failed += outcome.failed;
    if (outcome.failed > 0) break;
    cursor = rows[rows.length - 1] ?? null;
  }
  return total;
}
