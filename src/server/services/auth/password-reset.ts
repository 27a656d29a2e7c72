// Password reset by email. The answer never reveals whether an email is registered; links are single use,
// hashed at rest and valid for 30 minutes; a reset ends every session of the account.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { hashPassword, passwordProblem } from "~/server/auth/password";
import { newToken, sha256 } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { runAfterResponse } from "~/server/services/background";
import { sendEmail } from "~/server/services/email/send-email";
import { passwordResetEmail } from "~/server/services/email/templates";
import { consume, limits, reserveAttempt } from "~/server/services/rate-limit/rate-limit";
import { terminateUserConnections } from "~/server/realtime/terminate";
import { revokeAllSessions } from "./sessions";

export const RESET_TTL_MS = 30 * 60_000;

/**
 * Emails a reset link to `email` if it belongs to an active account. Both limits reserve their attempt before
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

  const { token, hash } = newToken();
  await db.$transaction([
    db.verificationToken.updateMany({
      where: { userId: user.id, purpose: "PASSWORD_RESET", usedAt: null },
      data: { usedAt: new Date() },
    }),
    db.verificationToken.create({
      data: {
        userId: user.id,
        purpose: "PASSWORD_RESET",
        tokenHash: hash,
        expiresAt: new Date(Date.now() + RESET_TTL_MS),
      },
    }),
  ]);
  const mail = passwordResetEmail(user.name, `${env.APP_URL}/reset-password?token=${token}`);
  runAfterResponse(() => sendEmail({ to: user.email, ...mail }), "password reset email");
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
