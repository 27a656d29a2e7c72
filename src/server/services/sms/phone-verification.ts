// Proving a phone number by a 6-digit code sent by SMS (account page). A verified number is the only one SMS
// notifications go to (smsAddressFor). The code is sent while the user waits, not through Inngest: they need the
// answer now, and Twilio's refusal of the number (not a mobile, opted out) belongs beside the field.
import { randomInt } from "node:crypto";

import { AppError } from "~/lib/app-error";
import { hmac } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { isChannelError } from "~/server/integrations/channel-error";
import { sendSms } from "~/server/integrations/twilio/send-sms";
import {
  clear,
  limits,
  refundAttempt,
  reserveAttempt,
  reserveAttempts,
  waitMessage,
} from "~/server/services/rate-limit/rate-limit";

/** How long a code works: 10 minutes (NIST SP 800-63B 5.1.3.2 allows 10 minutes for out-of-band codes). */
export const PHONE_CODE_TTL_MS = 10 * 60_000;

const codeHash = (userId: string, phone: string, code: string) => hmac(`phone-verify:${userId}:${phone}:${code}`);

/**
 * Sends a fresh 6-digit code to `phone` (E.164, already normalised by ZE164PhoneSchema) for `userId`; any code sent
 * before stops working. Returns the number and when the code expires (UTC instant).
 *
 * Limits (src/server/services/rate-limit): 3 codes an hour per account, 5 a day per number. Throws AppError
 * TOO_MANY_REQUESTS (field `phone`, `retryAfterSec`) past them; BAD_REQUEST (field `phone`) when the number is
 * already verified on this account, when Twilio says it cannot take SMS (21211, 21614) or it replied STOP (21610);
 * NOT_CONFIGURED when SMS is not set up; INTERNAL when Twilio is unreachable.
 */
export async function startPhoneVerification(opts: {
  userId: string;
  phone: string;
}): Promise<{ phone: string; expiresAt: Date }> {
  const { userId, phone } = opts;
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { phone: true, phoneVerifiedAt: true },
  });
  if (user.phone === phone && user.phoneVerifiedAt) {
    throw new AppError("BAD_REQUEST", "This number is already verified.", {
      fieldErrors: { phone: ["This number is already verified."] },
    });
  }
  const reserved = [limits.phoneCodeSend(userId), limits.phoneCodeNumber(phone)];
  const r = await reserveAttempts(reserved);
  if (!r.ok) {
    const message = `Too many codes sent. Try again in ${waitMessage(r.retryAfterSec)}.`;
    throw new AppError("TOO_MANY_REQUESTS", message, {
      fieldErrors: { phone: [message] },
      retryAfterSec: r.retryAfterSec,
    });
  }

  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
  const token = await db.$transaction(async (tx) => {
    await tx.verificationToken.updateMany({
      where: { userId, purpose: "PHONE_VERIFY", usedAt: null },
      data: { usedAt: now },
    });
    return tx.verificationToken.create({
      data: { userId, purpose: "PHONE_VERIFY", tokenHash: codeHash(userId, phone, code), expiresAt },
      select: { id: true },
    });
  });

  try {
    await sendSms({
      to: phone,
      body: `${code} is your Trial Transport verification code. It expires in 10 minutes. Do not share it.`,
    });
  } catch (e) {
    await db.verificationToken.delete({ where: { id: token.id } });
    if (!isChannelError(e)) throw e;
    // A number Twilio refuses was never texted: the attempt should not count against the person fixing a typo.
    if (e.permanent) await Promise.all(reserved.map(refundAttempt));
    if (e.code === "not_configured")
      throw new AppError("NOT_CONFIGURED", "Text messages are not set up on this server.");
    if (e.code === "21610") {
      const message = "This number has opted out of our texts. Reply START to any of our messages, then try again.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { phone: [message] } });
    }
    if (e.code === "21211" || e.code === "21614" || e.code === "21612" || e.code === "21408") {
      const message = "This number cannot receive text messages. Check it, or use a mobile number.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { phone: [message] } });
    }
    throw new AppError("INTERNAL", "The code could not be sent. Try again in a minute.", { cause: e });
  }
  return { phone, expiresAt };
}

/**
 * Checks `code` for `phone` (E.164) and, when it is the latest code sent to that number for this account and not
 * expired or used, stores the number as the account's verified phone (and clears an old STOP: Twilio delivered the
 * code, so the number takes our texts again). The code is single use.
 *
 * Limit: 5 guesses per 15 minutes per account. Throws AppError TOO_MANY_REQUESTS (field `code`, `retryAfterSec`)
 * past it, BAD_REQUEST (field `code`) for a wrong, expired or used code.
 */
export async function confirmPhoneVerification(opts: {
  userId: string;
  phone: string;
  code: string;
}): Promise<{ phone: string; phoneVerifiedAt: Date }> {
  const { userId, phone, code } = opts;
  const limit = limits.phoneCodeCheck(userId);
  const r = await reserveAttempt(limit);
  if (!r.ok) {
    const message = `Too many wrong codes. Try again in ${waitMessage(r.retryAfterSec)}.`;
    throw new AppError("TOO_MANY_REQUESTS", message, {
      fieldErrors: { code: [message] },
      retryAfterSec: r.retryAfterSec,
    });
  }
  const now = new Date();
  const verified = await db.$transaction(async (tx) => {
    const used = await tx.verificationToken.updateMany({
      where: {
        userId,
        purpose: "PHONE_VERIFY",
        tokenHash: codeHash(userId, phone, code),
        usedAt: null,
        expiresAt: { gt: now },
      },
      data: { usedAt: now },
    });
    if (used.count !== 1) return null;
    return tx.user.update({
      where: { id: userId },
      data: { phone, phoneVerifiedAt: now, smsOptedOutAt: null },
      select: { phone: true, phoneVerifiedAt: true },
    });
  });
  if (!verified?.phone || !verified.phoneVerifiedAt) {
    const message = "That code is wrong or has expired. Check it, or send a new one.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { code: [message] } });
  }
  await clear(limit.key);
  return { phone: verified.phone, phoneVerifiedAt: verified.phoneVerifiedAt };
}
