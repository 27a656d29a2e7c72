// Email verification: single-use, hashed, 24-hour tokens; sending runs after the response.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { newToken, sha256 } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { runAfterResponse } from "~/server/services/background";
import { sendEmail } from "~/server/services/email/send-email";
import { verificationEmail } from "~/server/services/email/templates";
import { consume, limits } from "~/server/services/rate-limit/rate-limit";

export const VERIFY_TTL_MS = 24 * 3600_000;

type TTx = Pick<typeof db, "verificationToken">;

/** Creates a fresh token (older unused ones stop working) and returns the link to email. */
export async function issueVerificationToken(tx: TTx, userId: string): Promise<string> {
  await tx.verificationToken.updateMany({
    where: { userId, purpose: "EMAIL_VERIFY", usedAt: null },
    data: { usedAt: new Date() },
  });
  const { token, hash } = newToken();
  await tx.verificationToken.create({
    data: { userId, purpose: "EMAIL_VERIFY", tokenHash: hash, expiresAt: new Date(Date.now() + VERIFY_TTL_MS) },
  });
  return `${env.APP_URL}/verify?token=${token}`;
}

export function sendVerificationEmailLater(user: { email: string; name: string }, url: string): void {
  const mail = verificationEmail(user.name, url);
  runAfterResponse(() => sendEmail({ to: user.email, ...mail }), "verification email");
}

export type TVerifyEmailResult = {
  email: string;
  /** True when the account was confirmed before this call (the link was opened again): nothing changed. */
  alreadyVerified: boolean;
};

/**
 * Confirms the email of the token's user. A link whose goal is already reached (used, replaced by a newer link or
 * expired, but the account is confirmed) answers `alreadyVerified: true` instead of an error, so opening the link a
 * second time says so rather than "we couldn't confirm". Throws `AppError("BAD_REQUEST")` for an unknown token, and
 * for a used or expired one while the account is still unconfirmed.
 */
export async function verifyEmail(token: string): Promise<TVerifyEmailResult> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const row = await tx.verificationToken.findUnique({
      where: { tokenHash: sha256(token) },
      include: { user: { select: { email: true, emailVerifiedAt: true } } },
    });
    if (!row || row.purpose !== "EMAIL_VERIFY") {
      throw new AppError("BAD_REQUEST", "This verification link is not valid. Request a new one from your account.");
    }
    const alreadyVerified = async () => {
      // Read again: a concurrent click may have confirmed the account after `row` was read.
      const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { emailVerifiedAt: true } });
      return user.emailVerifiedAt !== null;
    };
    if (row.usedAt || row.expiresAt <= now) {
      if (row.user.emailVerifiedAt || (await alreadyVerified()))
        return { email: row.user.email, alreadyVerified: true };
      if (row.usedAt) throw new AppError("BAD_REQUEST", "This verification link has already been used.");
      throw new AppError("BAD_REQUEST", "This verification link has expired. Request a new one from your account.");
    }
    // The conditional update makes the token single-use even under concurrent clicks.
    const claimed = await tx.verificationToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) {
      if (await alreadyVerified()) return { email: row.user.email, alreadyVerified: true };
      throw new AppError("BAD_REQUEST", "This verification link has already been used.");
    }
    await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: now } });
    return { email: row.user.email, alreadyVerified: false };
  });
}

export async function resendVerification(userId: string): Promise<{ sent: boolean }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, emailVerifiedAt: true },
  });
  if (user.emailVerifiedAt) return { sent: false };
  await consume(limits.resendVerification(userId), "verification emails");
  const url = await issueVerificationToken(db, userId);
  sendVerificationEmailLater(user, url);
  return { sent: true };
}
