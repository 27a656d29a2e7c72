// Password reset by email. The answer never reveals whether an email is registered; links are single use,
// hashed at rest and valid for 30 minutes; a reset ends every session of the account. The email goes out from an
// Inngest function (inngest/functions/send-password-reset-email.ts) triggered by `user/password-reset.requested`.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { hashPassword, passwordProblem } from "~/server/auth/password";
import { eventToken, sha256 } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { sendEmail } from "~/server/services/email/send-email";
import { passwordResetEmail } from "~/server/services/email/templates";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { consume, limits, reserveAttempt } from "~/server/services/rate-limit/rate-limit";
import { terminateUserConnections } from "~/server/realtime/terminate";
import { revokeAllSessions } from "./sessions";
import type { TEmailOutcome } from "./verification";

export const RESET_TTL_MS = 30 * 60_000;

/**
 * Asks for a reset link to `email` (event `user/password-reset.requested`) if it belongs to an active account. Both limits reserve their attempt before
 * anything is looked up or sent, so parallel requests cannot send more: 5 an hour per address (throws
 * TOO_MANY_REQUESTS) and 3 an hour per email (silent: telling the caller would reveal that the account exists).
 */
export async function requestPasswordReset(opts: { email: string; ip: string }): Promise<void> {
  await consume(limits.resetIp(opts.ip), "password reset requests");
  if (!(await reserveAttempt(limits.resetAccount(opts.email))).ok) return;

  const user = await db.user.findUnique({
    where: { email: opts.email },
    select: { id: true, name: true, email: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return;

  await transactionWithEvents((_tx, emit) =>
    emit({ name: "user/password-reset.requested", data: { userId: user.id } }),
  );
}

/**
 * Sends the reset email one `user/password-reset.requested` event asks for. Idempotent: the token is derived from
 * the event id and Resend gets the idempotency key `password-reset/<eventId>`, so a retried call sends one email
 * with one link. The link is valid RESET_TTL_MS from `issuedAt` (the request's time); links of earlier requests stop
 * working. Nothing for a deleted or disabled account, nor once the link would already have expired.
 * Throws when Resend refuses or is unreachable (the function's step retries).
 */
export async function sendPasswordResetEmail(opts: {
  userId: string;
  eventId: string;
  issuedAt: Date;
}): Promise<TEmailOutcome> {
  const user = await db.user.findUnique({
    where: { id: opts.userId },
    select: { name: true, email: true, disabledAt: true },
  });
  if (!user) return { sent: false, reason: "account deleted" };
  if (user.disabledAt) return { sent: false, reason: "account disabled" };
  const expiresAt = new Date(opts.issuedAt.getTime() + RESET_TTL_MS);
  if (expiresAt <= new Date()) return { sent: false, reason: "the link would have expired already" };
  const { token, hash } = eventToken("password-reset", opts.eventId);
  await db.$transaction(async (tx) => {
    await tx.verificationToken.updateMany({
      where: {
        userId: opts.userId,
        purpose: "PASSWORD_RESET",
        usedAt: null,
        createdAt: { lt: opts.issuedAt },
        NOT: { tokenHash: hash },
      },
      data: { usedAt: new Date() },
    });
    await tx.verificationToken.upsert({
      where: { tokenHash: hash },
      create: { userId: opts.userId, purpose: "PASSWORD_RESET", tokenHash: hash, createdAt: opts.issuedAt, expiresAt },
      update: {},
    });
  });
  const mail = passwordResetEmail(user.name, `${env.APP_URL}/reset-password?token=${token}`);
  const { id } = await sendEmail({ to: user.email, ...mail, idempotencyKey: `password-reset/${opts.eventId}` });
  return { sent: true, emailId: id };
}

export async function resetPassword(opts: { token: string; password: string }): Promise<void> {
  const problem = passwordProblem(opts.password);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { password: [problem] } });
  const passwordHash = await hashPassword(opts.password);
  const now = new Date();

  const userId = await db.$transaction(async (tx) => {
    const row = await tx.verificationToken.findUnique({ where: { tokenHash: sha256(opts.token) } });
    if (!row || row.purpose !== "PASSWORD_RESET" || row.usedAt || row.expiresAt <= now) {
      throw new AppError("BAD_REQUEST", "This reset link is invalid or has expired. Request a new one.");
    }
    const claimed = await tx.verificationToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("BAD_REQUEST", "This reset link has already been used.");
    // Receiving the email proves ownership of the address.
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await tx.user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    await revokeAllSessions({ userId: row.userId }, tx);
    return row.userId;
  });
  // Every open tab of the account stops hearing live updates now (all its sessions are revoked).
  await terminateUserConnections(userId);
}
