// STOP / START replies from phones (Twilio's inbound webhook, /api/twilio/inbound). Twilio itself blocks sends to a
// number that replied STOP (error 21610) and answers the phone; here the app records it so that smsAddressFor stops
// offering the number, and the settings page can say why no SMS arrive.
import { db } from "~/server/db";

/** Twilio's default opt-out and opt-in keywords (https://help.twilio.com/articles/223134027), whole message. */
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const START_WORDS = new Set(["START", "YES", "UNSTOP"]);

export type TOptOutChange = "STOP" | "START" | null;

/**
 * What an inbound message asks for: Twilio's `OptOutType` when it sent one (Advanced Opt-Out), else the keyword
 * the whole body is (case and surrounding spaces ignored). HELP and anything else: null.
 */
export function optOutChange(params: { OptOutType?: string; Body?: string }): TOptOutChange {
  const type = params.OptOutType?.toUpperCase();
  if (type === "STOP" || type === "START") return type;
  const word = (params.Body ?? "").trim().toUpperCase();
  if (STOP_WORDS.has(word)) return "STOP";
  if (START_WORDS.has(word)) return "START";
  return null;
}

/**
 * Records a STOP (sets User.smsOptedOutAt on every account whose phone is `phone`, E.164, and keeps the number in
 * SmsOptOut, so a shipment's recipient without an account is not texted either) or a START (clears both).
 * Idempotent: a repeated STOP keeps the first time. Returns how many accounts changed.
 */
export async function recordSmsOptOut(phone: string, change: "STOP" | "START"): Promise<number> {
  if (change === "STOP") {
    const [r] = await db.$transaction([
      db.user.updateMany({ where: { phone, smsOptedOutAt: null }, data: { smsOptedOutAt: new Date() } }),
      db.smsOptOut.createMany({ data: [{ phone }], skipDuplicates: true }),
    ]);
    return r.count;
  }
  const [r] = await db.$transaction([
    db.user.updateMany({ where: { phone, smsOptedOutAt: { not: null } }, data: { smsOptedOutAt: null } }),
    db.smsOptOut.deleteMany({ where: { phone } }),
  ]);
  return r.count;
}

/** Whether `phone` (E.164) replied STOP and has not replied START since. */
export async function isSmsOptedOut(phone: string): Promise<boolean> {
  return (await db.smsOptOut.count({ where: { phone } })) > 0;
}
