// The one way a change and the events it causes are written together: one transaction for both, the send after
// commit. A crash between the two leaves the rows for the relay; nothing is lost and nothing is sent twice.
import type { TAppEvent } from "../../../../inngest/events";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db";
import { enqueueEvent } from "./enqueue-event";
import { sendOutboxEvents } from "./send-outbox-events";

export type TEmit = (event: TAppEvent) => Promise<void>;

/**
 * Runs `work` in a database transaction with an `emit` that adds events to the outbox inside it; after commit the
 * emitted events are sent to Inngest (a failed send is left to the relay and never fails the call). Resolves with
 * what `work` returned; throws what `work` throws, in which case nothing is written and nothing is sent.
 * `options` are Prisma's interactive-transaction limits in milliseconds (`maxWait` for a connection, `timeout` for
 * the whole transaction); the client's defaults (2 s / 5 s on PostgreSQL) apply when omitted.
 */
export async function transactionWithEvents<T>(
  work: (tx: Prisma.TransactionClient, emit: TEmit) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  const ids: string[] = [];
  const result = await db.$transaction(
    async (tx) =>
      work(tx, async (event) => {
        ids.push(await enqueueEvent(tx, event));
      }),
    options,
  );
  await sendOutboxEvents(ids);
  return result;
}
