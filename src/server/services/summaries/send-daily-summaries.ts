// The daily summary email: each morning, in their own zone, a shipper whose loads changed status the day before
// gets one email listing the changes. Run hourly by inngest/functions/send-daily-summaries.ts, a batch at a time.
import { TZDate } from "@date-fns/tz";
import { format, startOfDay, subDays } from "date-fns";

import { env } from "~/env";
import { statusLabel } from "~/lib/shipment-state";
import { validZone } from "~/lib/viewer-zone";
import { db } from "~/server/db";
import { enabledChannels } from "~/server/notifications/preferences";
import { unsubscribePageUrl, unsubscribePostUrl, unsubscribeToken } from "~/server/notifications/unsubscribe";
import { sendEmail } from "~/server/services/email/send-email";
import { dailySummaryEmail } from "~/server/services/email/templates";

/** The local hour (0–23, the shipper's zone) from which yesterday's summary goes out. */
export const SUMMARY_LOCAL_HOUR = 6;

/** Shippers looked at per call. */
export const SUMMARY_SHIPPERS_PER_BATCH = 25;

/** How far back a run looks for activity: the longest a local "yesterday" can reach behind now, with margin. */
const LOOK_BACK_MS = 50 * 3600_000;

export type TSummaryOutcome =
  | { sent: true; day: string; emailId: string; changes: number }
  | { sent: false; reason: "not a shipper" | "not yet" | "already sent" | "no activity" | "turned off" };

export type TSummaryBatch = {
  /** Shippers emailed by this call. */
  sent: string[];
  skipped: number;
  /** The last shipper id looked at: pass it as `after` to the next call; null when there was none. */
  cursor: string | null;
  done: boolean;
};

/**
 * The zone a shipper's summary is written in: the pick-up zone of their newest shipment that has one (the app
 * stores no zone per account; a shipper's loads start where they work), else UTC.
 */
async function shipperZone(shipperId: string): Promise<string> {
  const latest = await db.shipment.findFirst({
    where: { shipperId, pickupTimeZone: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { pickupTimeZone: true },
  });
  return validZone(latest?.pickupTimeZone) ?? "UTC";
}

/**
 * Sends `shipperId` the summary of their previous calendar day in their zone (shipperZone), once that zone's clock
 * at `now` has reached SUMMARY_LOCAL_HOUR: every status change of their shipments in that day, oldest first, each
 * with its time in that zone. Nothing for an account that is not an active, verified shipper, before the hour, for
 * a day already sent, or for a day without status changes. At most one email per shipper and day: a DailySummary
 * row (shipperId, day `YYYY-MM-DD`) is claimed before the send and stamped `sentAt` after it, and Resend gets the
 * idempotency key `daily-summary/<shipperId>/<day>`, so a run retried after a crash between the two sends nothing
 * twice. Throws when Resend refuses or cannot be reached (the row stays unstamped and the next run retries).
 * The shipper's DAILY_SUMMARY email preference is honoured: turned off (in settings or by the email's one-click
 * unsubscribe), a day with activity is recorded as skipped ("turned off") and nothing is sent. The email carries the
 * signed unsubscribe link and the List-Unsubscribe / List-Unsubscribe-Post headers (RFC 8058) like every
 * notification email.
 */
export async function sendDailySummary(opts: { shipperId: string; now: Date }): Promise<TSummaryOutcome> {
  const user = await db.user.findUnique({
    where: { id: opts.shipperId },
    select: { email: true, name: true, role: true, disabledAt: true, emailVerifiedAt: true },
  });
  if (!user || user.role !== "SHIPPER" || user.disabledAt || !user.emailVerifiedAt) {
    return { sent: false, reason: "not a shipper" };
  }
  const zone = await shipperZone(opts.shipperId);
  const localNow = new TZDate(opts.now.getTime(), zone);
  if (localNow.getHours() < SUMMARY_LOCAL_HOUR) return { sent: false, reason: "not yet" };
  const dayStart = startOfDay(subDays(localNow, 1));
  const dayEnd = startOfDay(localNow);
  const day = format(dayStart, "yyyy-MM-dd");

  const key = { shipperId_day: { shipperId: opts.shipperId, day } };
  const claimed = await db.dailySummary.findUnique({ where: key, select: { sentAt: true } });
  if (claimed?.sentAt) return { sent: false, reason: "already sent" };

  const events = await db.shipmentEvent.findMany({
    where: {
      shipment: { shipperId: opts.shipperId },
      toStatus: { not: null },
      createdAt: { gte: new Date(dayStart.getTime()), lt: new Date(dayEnd.getTime()) },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      toStatus: true,
      note: true,
      createdAt: true,
      shipment: { select: { reference: true, pickupCity: true, dropoffCity: true } },
    },
  });
  if (events.length === 0) return { sent: false, reason: "no activity" };

  if (!(await enabledChannels(opts.shipperId, "DAILY_SUMMARY")).includes("EMAIL")) {
    await db.dailySummary.upsert({
      where: key,
      create: { shipperId: opts.shipperId, day, timeZone: zone, skipped: "turned off" },
      update: { skipped: "turned off" },
    });
    return { sent: false, reason: "turned off" };
  }
  await db.dailySummary.upsert({ where: key, create: { shipperId: opts.shipperId, day, timeZone: zone }, update: {} });
  const time = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const lines = events.map((e) => {
    const s = e.shipment;
    const status = e.toStatus ? statusLabel[e.toStatus] : "Updated";
    const why = e.toStatus === "CANCELLED" && e.note ? ` (${e.note})` : "";
    return `${time.format(e.createdAt)}: ${s.reference}, ${s.pickupCity} to ${s.dropoffCity}, ${status}${why}`;
  });
  const token = unsubscribeToken(opts.shipperId, "DAILY_SUMMARY");
  const mail = dailySummaryEmail({
    name: user.name,
    dayLabel: format(dayStart, "MMM d, yyyy"),
    zone,
    lines,
    url: `${env.APP_URL}/shipper`,
    unsubscribeUrl: unsubscribePageUrl(token),
  });
  const { id } = await sendEmail({
    to: user.email,
    ...mail,
    idempotencyKey: `daily-summary/${opts.shipperId}/${day}`,
    headers: {
      "List-Unsubscribe": `<${unsubscribePostUrl(token)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  });
  await db.dailySummary.update({ where: key, data: { sentAt: new Date(), emailId: id, skipped: null } });
  return { sent: true, day, emailId: id, changes: events.length };
}

/**
 * Sends the daily summaries of the next batch of shippers (ids greater than `after`, in id order, at most
 * `batchSize`, default SUMMARY_SHIPPERS_PER_BATCH) whose shipments changed status in the 50 hours before `now`,
 * each by sendDailySummary. Returns who was emailed, how many were skipped, the cursor for the next call and `done`
 * when the batch was the last. Safe to run twice (sendDailySummary sends once per shipper and day). Throws on the
 * first failed send; the shippers before it keep their stamped rows, so a retry sends only what is left.
 */
export async function sendDailySummaries(opts: {
  now: Date;
  after?: string | null;
  batchSize?: number;
}): Promise<TSummaryBatch> {
  const batchSize = opts.batchSize ?? SUMMARY_SHIPPERS_PER_BATCH;
  const since = new Date(opts.now.getTime() - LOOK_BACK_MS);
  const rows = await db.$queryRaw<{ shipperId: string }[]>`
    SELECT DISTINCT s."shipperId" FROM "ShipmentEvent" e JOIN "Shipment" s ON s."id" = e."shipmentId"
    WHERE e."createdAt" >= ${since} AND e."createdAt" < ${opts.now} AND e."toStatus" IS NOT NULL
      AND s."shipperId" > ${opts.after ?? ""}
    ORDER BY s."shipperId"
    LIMIT ${batchSize}`;
  const sent: string[] = [];
  let skipped = 0;
  for (const { shipperId } of rows) {
    const outcome = await sendDailySummary({ shipperId, now: opts.now });
    if (outcome.sent) sent.push(shipperId);
    else skipped += 1;
  }
  return { sent, skipped, cursor: rows.at(-1)?.shipperId ?? null, done: rows.length < batchSize };
}
