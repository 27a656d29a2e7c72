// Who may get an SMS: only a number its owner proved by code, that has not replied STOP, on an active account.
import { db } from "~/server/db";

/**
 * The E.164 number to text `userId` at ("+14155550123"), or null when there is none to use: no phone, phone not
 * verified (User.phoneVerifiedAt), number opted out with STOP (User.smsOptedOutAt), account disabled or gone.
 * Every sendSms caller goes through this (rule from issue 11: SMS only to a verified, not opted-out number).
 */
export async function smsAddressFor(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { phone: true, phoneVerifiedAt: true, smsOptedOutAt: true, disabledAt: true },
  });
  if (!user?.phone || !user.phoneVerifiedAt || user.smsOptedOutAt || user.disabledAt) return null;
  return user.phone;
}
