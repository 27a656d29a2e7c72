// Pick-up reminders: the assigned driver is told about an hour before the pick-up window opens. The cron runs every
// 15 minutes; a job enters the reminder span once and its dedupe key makes a second run harmless.
import { formatStopWindow } from "~/lib/stop-zone";
import { db } from "~/server/db";
import type { TNotifyData } from "./notify";

/** Remind this long before the window opens, in ms (issue 11 §3: 60 minutes). */
export const REMINDER_LEAD_MS = 60 * 60_000;
/** Jobs reminded per run at most: a bounded step; the next run (15 minutes later) takes the rest. */
export const REMINDER_BATCH = 200;

/**
 * ASSIGNED jobs whose pick-up window opens within the next 60 minutes (and has not ended), each as a notice for its
 * driver keyed `pickup-reminder:<shipmentId>:<driverId>` (once per job and driver; a reassigned job reminds its new
 * driver). `now` defaults to the current time. Times in the pick-up's own zone, named.
 */
export async function dueReminders(now = new Date()): Promise<{ userId: string; data: TNotifyData }[]> {
  const due = await db.shipment.findMany({
    where: {
      status: "ASSIGNED",
      driverId: { not: null },
      pickupWindowStart: { lte: new Date(now.getTime() + REMINDER_LEAD_MS) },
      pickupWindowEnd: { gt: now },
    },
    orderBy: { pickupWindowStart: "asc" },
    take: REMINDER_BATCH,
    select: {
      id: true,
      reference: true,
      driverId: true,
      pickupAddress: true,
      pickupWindowStart: true,
      pickupWindowEnd: true,
      pickupTimeZone: true,
    },
  });
  return due.flatMap((s) => {
    if (!s.driverId) return [];
    const window = formatStopWindow(s.pickupWindowStart, s.pickupWindowEnd, s.pickupTimeZone ?? "UTC").text;
    return [
      {
        userId: s.driverId,
        data: {
          title: `Pick-up soon: ${s.reference}`,
          body: `Pick up at ${s.pickupAddress}, ${window}.`,
          shipmentId: s.id,
          dedupeKey: `pickup-reminder:${s.id}:${s.driverId}`,
        },
      },
    ];
  });
}
