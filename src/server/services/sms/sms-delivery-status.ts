// Twilio's status callbacks (/api/twilio/status) for SMS notifications: a message Twilio later reports failed or
// undelivered marks its NotificationDelivery (or, for a recipient's text, RecipientNotice) row FAILED with Twilio's
// error code.
import { db } from "~/server/db";

const FAILED = new Set(["failed", "undelivered"]);

/**
 * Applies one status callback: `messageSid` is the provider id sendSms returned, `status` Twilio's MessageStatus
 * ("queued", "sent", "delivered", "undelivered", "failed"...), `errorCode` Twilio's ErrorCode if any. Only failures
 * change anything (the row was SENT when Twilio accepted the message). Idempotent: Twilio may repeat callbacks.
 * Returns how many delivery and recipient-notice rows changed (0 for a message that is neither, e.g. a
 * verification code).
 */
export async function recordSmsStatus(opts: {
  messageSid: string;
  status: string;
  errorCode?: string | null;
}): Promise<number> {
  if (!FAILED.has(opts.status)) return 0;
  const error = `Twilio reported the SMS ${opts.status}${opts.errorCode ? ` (error ${opts.errorCode})` : ""}`;
  const r = await db.notificationDelivery.updateMany({
    where: { channel: "SMS", providerId: opts.messageSid, status: { not: "FAILED" } },
    data: { status: "FAILED", error },
  });
  const recipient = await db.recipientNotice.updateMany({
    where: { channel: "SMS", providerId: opts.messageSid, status: { not: "FAILED" } },
    data: { status: "FAILED", error },
  });
  return r.count + recipient.count;
}
