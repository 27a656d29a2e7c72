// The recipient's texts (issue 11 §4): whoever a shipper names as recipient, with or without an account, gets the
// tracking link by SMS at pick-up, "arriving soon" once, and "delivered", beside the emails of shipment-status.ts.
// Each at most once per shipment and kind: a RecipientNotice row (shipmentId, kind, SMS) is claimed before Twilio is
// called and closed after, so a replayed run or a repeated event finds it and sends nothing. A number that replied
// STOP (SmsOptOut) gets nothing more; a number Twilio refuses is recorded FAILED with Twilio's code, never retried.
import { env } from "~/env";
import { db } from "~/server/db";
import { isChannelError } from "~/server/integrations/channel-error";
import { sendSms, TWILIO_UNSUBSCRIBED } from "~/server/integrations/twilio/send-sms";
import { isSmsOptedOut, recordSmsOptOut } from "~/server/services/sms/sms-opt-out";
import type { TStep } from "./notify";
import type { TRecipientNotice } from "./shipment-status";

/**
 * How long a run holds a text it is sending (ms): longer than a Twilio request may take (the SDK's timeout is 30 s),
 * short enough that a run that died mid-send lets the retry go within the minute.
 */
export const CLAIM_LEASE_MS = 60_000;

const keyWhere = (shipmentId: string, kind: TRecipientNotice) => ({ shipmentId, kind, channel: "SMS" as const });

export type TRecipientSmsOutcome =
  | { status: "SENT"; providerId: string }
  | { status: "SKIPPED" | "FAILED"; reason: string }
  | { status: "NONE"; reason: string };

/**
 * The number to text as Twilio wants it (E.164): `+` and the digits of what the shipper typed ("+1 312 555 0100" ->
 * "+13125550100"). A number typed without its country code stays digits only, and Twilio refuses it (21211): it is
 * then recorded FAILED, since guessing a country would text a stranger.
 */
export function recipientSmsAddress(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return phone.trim().startsWith("+") ? `+${digits}` : digits;
}

/** The text for `kind`: who sends, what happened, and the tracking link (well under one 1,600-character message). */
export function recipientSmsBody(
  kind: TRecipientNotice,
  s: { reference: string; shipperName: string; trackUrl: string },
): string {
  const what =
    kind === "picked-up"
      ? `your delivery ${s.reference} from ${s.shipperName} was picked up. Track it live:`
      : kind === "arriving"
        ? `your delivery ${s.reference} from ${s.shipperName} arrives in under 15 minutes. Track it:`
        : `your delivery ${s.reference} from ${s.shipperName} was delivered. Details:`;
  return `Trial Transport: ${what} ${s.trackUrl} Reply STOP to opt out.`;
}

/**
 * Texts the recipient of `shipmentId` the `kind` notice, once. Resolves:
 * - `NONE` when there is nothing to text (shipment gone, no recipient phone): no row is written;
 * - the outcome already recorded when the notice was handled before (a replay or a repeated event): nothing is sent;
 * - `SKIPPED` "recipient replied STOP" when the number is in SmsOptOut;
 * - `SENT` with Twilio's sid, or `FAILED` with Twilio's error code when Twilio refuses for good (21211 invalid
 *   number, 21614 not a mobile, 21610 unsubscribed: also recorded in SmsOptOut). Never throws for those.
 * Throws when Twilio cannot be reached or answers 429/5xx (the error is kept on the PENDING row; the Inngest step
 * retries, and recordRecipientSmsFailed closes it after the last try).
 */
export async function textRecipient(shipmentId: string, kind: TRecipientNotice): Promise<TRecipientSmsOutcome> {
  const s = await db.shipment.findUnique({
    where: { id: shipmentId },
    select: { reference: true, recipientPhone: true, trackingToken: true, shipper: { select: { name: true } } },
  });
  if (!s) return { status: "NONE", reason: "shipment not found" };
  if (!s.recipientPhone) return { status: "NONE", reason: "no recipient phone" };
  const to = recipientSmsAddress(s.recipientPhone);
  await db.recipientNotice.createMany({
    data: [{ shipmentId, kind, channel: "SMS", to }],
    skipDuplicates: true,
  });
  const key = { shipmentId_kind_channel: { shipmentId, kind, channel: "SMS" as const } };
  // Claim the try: only a row still PENDING and not claimed by a run that is sending it now (an unexpired
  // `claimedUntil`) is sent, so a run replayed after the send, or a duplicate event arriving mid-send, finds it
  // taken and sends nothing. A run that died mid-send leaves a lease that expires, so a retry can still send it.
  const now = new Date();
  const { count } = await db.recipientNotice.updateMany({
    where: {
      ...keyWhere(shipmentId, kind),
      status: "PENDING",
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
    },
    data: { attempts: { increment: 1 }, claimedUntil: new Date(now.getTime() + CLAIM_LEASE_MS) },
  });
  if (count === 0) {
    const row = await db.recipientNotice.findUniqueOrThrow({ where: key });
    if (row.status === "SENT") return { status: "SENT", providerId: row.providerId ?? "" };
    if (row.status === "PENDING") return { status: "NONE", reason: "another run is sending it" };
    return { status: row.status === "FAILED" ? "FAILED" : "SKIPPED", reason: row.error ?? "" };
  }
  if (await isSmsOptedOut(to)) {
    const reason = "recipient replied STOP";
    await db.recipientNotice.update({ where: key, data: { status: "SKIPPED", error: reason, claimedUntil: null } });
    return { status: "SKIPPED", reason };
  }
  try {
    const { providerId } = await sendSms({
      to,
      body: recipientSmsBody(kind, {
        reference: s.reference,
        shipperName: s.shipper.name,
        trackUrl: `${env.APP_URL}/track/${s.trackingToken}`,
      }),
    });
    await db.recipientNotice.update({
      where: key,
      data: { status: "SENT", providerId, sentAt: new Date(), error: null, claimedUntil: null },
    });
    return { status: "SENT", providerId };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    if (isChannelError(error) && error.permanent) {
      if (error.code === TWILIO_UNSUBSCRIBED) await recordSmsOptOut(to, "STOP");
      const reason = `${error.code ? `Twilio error ${error.code}: ` : ""}${message}`.slice(0, 1000);
      await db.recipientNotice.update({ where: key, data: { status: "FAILED", error: reason, claimedUntil: null } });
      return { status: "FAILED", reason };
    }
    // Released, so Inngest's retry of this step can claim it again.
    await db.recipientNotice.update({ where: key, data: { error: message, claimedUntil: null } });
    throw error;
  }
}

/** Closes a recipient text whose every try failed: FAILED, keeping the last error (or `error` when none was kept). */
export async function recordRecipientSmsFailed(
  shipmentId: string,
  kind: TRecipientNotice,
  error: string,
): Promise<void> {
  const row = await db.recipientNotice.findUnique({
    where: { shipmentId_kind_channel: { shipmentId, kind, channel: "SMS" } },
    select: { error: true },
  });
  await db.recipientNotice.updateMany({
    where: { shipmentId, kind, channel: "SMS", status: "PENDING" },
    data: { status: "FAILED", error: (row?.error ?? error).slice(0, 1000) },
  });
}

/**
 * textRecipient inside an Inngest function, in a step of its own (`text-recipient/<kind>`, retried by Inngest);
 * after the last failed try the row is closed FAILED in `text-recipient/<kind>/failed` and the function goes on.
 * Resolves to the outcome (FAILED with the last error when every try failed).
 */
export async function textRecipientStep(
  step: TStep,
  shipmentId: string,
  kind: TRecipientNotice,
): Promise<TRecipientSmsOutcome> {
  try {
    return await step.run(`text-recipient/${kind}`, () => textRecipient(shipmentId, kind));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await step.run(`text-recipient/${kind}/failed`, () => recordRecipientSmsFailed(shipmentId, kind, message));
    return { status: "FAILED", reason: message };
  }
}
