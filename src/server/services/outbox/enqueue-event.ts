// Writing an event to the outbox: inside the transaction of the change that causes it, so the event exists if and
// only if the change committed.
import { parseAppEvent, type TAppEvent } from "../../../../inngest/events";
import type { Prisma } from "~/generated/prisma/client";

export type TOutboxTx = Pick<Prisma.TransactionClient, "outboxEvent">;

/**
 * Adds `event` to the outbox in `tx` and returns the row id, which becomes the event's id at Inngest. The data is
 * checked against the event's schema in inngest/events.ts first (throws a ZodError for data it does not allow).
 */
export async function enqueueEvent(tx: TOutboxTx, event: TAppEvent): Promise<string> {
  const { name, data } = parseAppEvent(event);
  const row = await tx.outboxEvent.create({ data: { name, data }, select: { id: true } });
  return row.id;
}
