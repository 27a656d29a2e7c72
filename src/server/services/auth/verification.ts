// Email verification: single-use, hashed, 24-hour tokens. The email goes out from an Inngest function
// (inngest/functions/send-verification-email.ts) triggered through the outbox by `user/registered` and
// `user/verification.requested`.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import type { Prisma } from "~/generated/prisma/client";
import { eventToken, newToken, sha256 } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { sendEmail } from "~/server/services/email/send-email";
import { verificationEmail } from "~/server/services/email/templates";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { consume, limits } from "~/server/services/rate-limit/rate-limit";

export const VERIFY_TTL_MS = 24 * 3600_000;

type TTx = Pick<typeof db, "verificationToken"> | Pick<Prisma.TransactionClient, "verificationToken">;

/**
 * Stores the hash of `token` as the user's verification token issued at `issuedAt` (valid VERIFY_TTL_MS from then;
 * kept as it is if already stored) and retires the user's unused tokens issued before it. Returns the link.
 */
async function storeVerificationToken(tx: TTx, userId: string, token: { token: string; hash: string }, issuedAt: Date) {
  await tx.verificationToken.updateMany({
    where: {
      userId,
      purpose: "EMAIL_VERIFY",
      usedAt: null,
      createdAt: { lt: issuedAt },
      NOT: { tokenHash: token.hash },
    },
    data: { usedAt: new Date() },
  });
  await tx.verificationToken.upsert({
    where: { tokenHash: token.hash },
    create: {
      userId,
      purpose: "EMAIL_VERIFY",
      tokenHash: token.hash,
      createdAt: issuedAt,
      expiresAt: new Date(issuedAt.getTime() + VERIFY_TTL_MS),
    },
    update: {},
  });
  return `${env.APP_URL}/verify?token=${token.token}`;
}

/** Creates a fresh random token now (older unused ones stop working) and returns the link (tests, scripts). */
export async function issueVerificationToken(tx: TTx, userId: string): Promise<string> {
  return storeVerificationToken(tx, userId, newToken(), new Date());
}

export type TEmailOutcome = { sent: true; emailId: string } | { sent: false; reason: string };

/**
 * Sends the verification email one `user/registered` or `user/verification.requested` event asks for. Idempotent:
 * the link is derived from the event id (the same on every retry) and Resend gets the idempotency key
 * `verification/<eventId>`, so a retried or repeated call sends at most one email. Sends nothing for a deleted,
 * disabled or already confirmed account. `issuedAt` (the event's time) starts the link's 24-hour validity.
 * Throws when Resend refuses or is unreachable (the function's step retries), or NOT_CONFIGURED without a key.
 */
export async function sendVerificationEmail(opts: {
  userId: string;
  eventId: string;
  issuedAt: Date;
}): Promise<TEmailOutcome> {
  const user = await db.user.findUnique({
    where: { id: opts.userId },
    select: { email: true, name: true, emailVerifiedAt: true, disabledAt: true },
  });
  if (!user) return { sent: false, reason: "account deleted" };
  if (user.disabledAt) return { sent: false, reason: "account disabled" };
  if (user.emailVerifiedAt) return { sent: false, reason: "email already confirmed" };
  const url = await storeVerificationToken(db, opts.userId, eventToken("verify", opts.eventId), opts.issuedAt);
  const { id } = await sendEmail({
    to: user.email,
    ...verificationEmail(user.name, url),
    idempotencyKey: `verification/${opts.eventId}`,
  });
  return { sent: true, emailId: id };
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

/**
 * Asks for a new verification email (through the outbox) unless the account is confirmed already. Throws
 * TOO_MANY_REQUESTS past the resend allowance (limits.resendVerification).
 */
export async function resendVerification(userId: string): Promise<{ sent: boolean }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return { sent: false };
  await consume(limits.resendVerification(userId), "verification emails");
  await transactionWithEvents((_tx, emit) => emit({ name: "user/verification.requested", data: { userId } }));
  return { sent: true };
}
