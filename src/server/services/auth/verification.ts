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

export async function verifyEmail(token: string): Promise<{ email: string }> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const row = await tx.verificationToken.findUnique({
      where: { tokenHash: sha256(token) },
      include: { user: { select: { email: true } } },
    });
    if (!row || row.purpose !== "EMAIL_VERIFY") {
      throw new AppError("BAD_REQUEST", "This verification link is not valid. Request a new one from your account.");
    }
    if (row.usedAt) throw new AppError("BAD_REQUEST", "This verification link has already been used.");
    if (row.expiresAt <= now) {
      throw new AppError("BAD_REQUEST", "This verification link has expired. Request a new one from your account.");
    }
    // The conditional update makes the token single-use even under concurrent clicks.
    const claimed = await tx.verificationToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("BAD_REQUEST", "This verification link has already been used.");
    await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: now } });
    return { email: row.user.email };
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
