// A user's own account: profile, driver details, password change.
import type { z } from "zod";

import { AppError } from "~/lib/app-error";
import type { TUnitSystem } from "~/lib/units";
import type { THomeBase, ZUpdateProfileSchema } from "~/lib/schemas/auth";
import { toE164 } from "~/lib/schemas/phone-verification";
import { env } from "~/env";
import { hashPassword, passwordProblem, verifyPassword } from "~/server/auth/password";
import { db } from "~/server/db";
import { sendEmail } from "~/server/services/email/send-email";
import { passwordChangedEmail } from "~/server/services/email/templates";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { clear, limits, reserveAttempt, waitMessage } from "~/server/services/rate-limit/rate-limit";
import { terminateUserConnections } from "~/server/realtime/terminate";
import { revokeAllSessions } from "./sessions";
import type { TEmailOutcome } from "./verification";

export async function getAccount(userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      phone: true,
      role: true,
      emailVerifiedAt: true,
      phoneVerifiedAt: true,
      smsOptedOutAt: true,
      unitSystem: true,
      createdAt: true,
      avatarFileId: true,
      driverProfile: {
        select: {
          vehicleType: true,
          capacityKg: true,
          plate: true,
          ratingAvg: true,
          ratingCount: true,
          baseLabel: true,
          baseLat: true,
          baseLng: true,
        },
      },
    },
  });
}

export async function updateProfile(opts: { userId: string; input: z.infer<typeof ZUpdateProfileSchema> }) {
  const { input } = opts;
  return db.$transaction(async (tx) => {
    // A verified number (stored in E.164) stays verified when the form sends it back, however it is written;
    // any other number has to be verified again before SMS go to it.
    const before = await tx.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { phone: true } });
    const unchanged = !!before.phone && !!input.phone && toE164(input.phone) === before.phone;
    const user = await tx.user.update({
      where: { id: opts.userId },
      data: unchanged
        ? { name: input.name }
        : { name: input.name, phone: input.phone ? input.phone : null, phoneVerifiedAt: null },
      select: { id: true, name: true, phone: true, role: true },
    });
    if (input.driver) {
      if (user.role !== "DRIVER") {
        throw new AppError("BAD_REQUEST", "Only drivers have vehicle details.", {
          fieldErrors: { driver: ["Only drivers have vehicle details."] },
        });
      }
      await tx.driverProfile.update({ where: { userId: opts.userId }, data: input.driver });
    }
    return { id: user.id, name: user.name, phone: user.phone };
  });
}

/**
 * Changing the password keeps the current device signed in and signs out every other one.
 *
 * A stolen session must not become an unlimited password oracle: each try reserves an attempt on
 * `limits.passwordChange` (5 per 15 minutes per account, the figure of a sign-in pair) before the current
 * password is checked, so parallel or batched tries cannot beat it; a right password forgets the count. The key
 * is the account's own, not the sign-in keys: the caller is already signed in, and its guesses should not
 * lock the owner's sign-in elsewhere.
 * Throws AppError TOO_MANY_REQUESTS (`retryAfterSec`, field error on currentPassword) when the allowance is used
 * up, BAD_REQUEST with a field error for a wrong current password or a weak new one.
 */
export async function changePassword(opts: {
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
}): Promise<{ revoked: number }> {
  const limit = limits.passwordChange(opts.userId);
  const reservation = await reserveAttempt(limit);
  if (!reservation.ok) {
    const message = `Too many wrong tries. Try again in ${waitMessage(reservation.retryAfterSec)}.`;
    throw new AppError("TOO_MANY_REQUESTS", message, {
      fieldErrors: { currentPassword: [message] },
      retryAfterSec: reservation.retryAfterSec,
    });
  }
  const user = await db.user.findUniqueOrThrow({
    where: { id: opts.userId },
    select: { passwordHash: true },
  });
  if (!(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    const message = "Your current password is not correct.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { currentPassword: [message] } });
  }
  await clear(limit.key);
  const problem = passwordProblem(opts.newPassword);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { newPassword: [problem] } });
  const passwordHash = await hashPassword(opts.newPassword);
  const result = await transactionWithEvents(async (tx, emit) => {
    await tx.user.update({ where: { id: opts.userId }, data: { passwordHash } });
    const revoked = await revokeAllSessions({ userId: opts.userId, exceptSessionId: opts.sessionId }, tx);
    // The owner hears about it, in case it was not them.
    await emit({ name: "user/password.changed", data: { userId: opts.userId } });
    return { revoked };
  });
  // The other sessions' open tabs stop hearing live updates now, not at their next reconnect.
  if (result.revoked > 0) await terminateUserConnections(opts.userId);
  return result;
}

/**
 * Sends the notice one `user/password.changed` event asks for, with a link to reset the password in case the
 * change was not the owner's. Idempotent: Resend gets the idempotency key `password-changed/<eventId>`, so a
 * retried call sends at most one email. Nothing for a deleted account. Throws when Resend refuses or is unreachable.
 */
export async function sendPasswordChangedEmail(opts: { userId: string; eventId: string }): Promise<TEmailOutcome> {
  const user = await db.user.findUnique({ where: { id: opts.userId }, select: { email: true, name: true } });
  if (!user) return { sent: false, reason: "account deleted" };
  const mail = passwordChangedEmail(user.name, `${env.APP_URL}/forgot-password`);
  const { id } = await sendEmail({ to: user.email, ...mail, idempotencyKey: `password-changed/${opts.eventId}` });
  return { sent: true, emailId: id };
}

/**
 * Stores the user's units (issue 10 §5): "us" (mi, lb, $/mi) or "metric" (km, kg, $/km), or null to follow the
 * browser's locale again. Only how values are shown and typed changes; every stored value stays SI.
 * Returns the stored choice.
 */
export async function setUnits(opts: {
  userId: string;
  units: TUnitSystem | null;
}): Promise<{ units: TUnitSystem | null }> {
  const user = await db.user.update({
    where: { id: opts.userId },
    data: { unitSystem: opts.units },
    select: { unitSystem: true },
  });
  return { units: user.unitSystem };
}

/**
 * Sets (or with `homeBase` null, clears) a driver's home base: the label and point (degrees) chosen in the address
 * search. The load board measures deadhead from it when the driver has no recent position
 * (services/shipments/load-board.ts). Returns the stored base or null. Throws AppError FORBIDDEN for an account
 * without a driver profile.
 */
export async function setHomeBase(opts: { userId: string; homeBase: THomeBase | null }) {
  const base = opts.homeBase;
  const data = base
    ? { baseLabel: base.label, baseLat: base.lat, baseLng: base.lng }
    : { baseLabel: null, baseLat: null, baseLng: null };
  const updated = await db.driverProfile.updateMany({ where: { userId: opts.userId }, data });
  if (updated.count === 0) throw new AppError("FORBIDDEN", "Only drivers have a home base.");
  return base;
}
