// Credential check behind next-auth's sign-in: rate-limited per account and per IP, constant work for unknown
// emails, and one AuthSession row per successful sign-in (its id is what the JWT carries).
import { AppError } from "~/lib/app-error";
import { burnPasswordCheck, verifyPassword } from "~/server/auth/password";
import { SESSION_MAX_AGE_SEC } from "~/server/auth/session";
import { db } from "~/server/db";
import { clear, hit, limits, peek, waitMessage } from "~/server/services/rate-limit/rate-limit";

export type TSignInResult = { sessionId: string; userId: string; role: string };

const INVALID = "Email or password is incorrect.";

export async function signInWithPassword(opts: {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
}): Promise<TSignInResult> {
  const email = opts.email.trim().toLowerCase();
  const accountLimit = limits.signInAccount(email);
  const ipLimit = limits.signInIp(opts.ip);

  const [acct, ip] = await Promise.all([peek(accountLimit), peek(ipLimit)]);
  const blocked = [acct, ip].find((s) => s.limited);
  if (blocked) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-in attempts. Try again in ${waitMessage(blocked.retryAfterSec)}.`,
      { retryAfterSec: blocked.retryAfterSec },
    );
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = user
    ? await verifyPassword(opts.password, user.passwordHash)
    : (await burnPasswordCheck(opts.password), false);
  if (!user || !ok) {
    await Promise.all([hit(accountLimit), hit(ipLimit)]);
    throw new AppError("UNAUTHORIZED", INVALID);
  }
  if (user.disabledAt) throw new AppError("FORBIDDEN", "This account has been disabled. Contact support.");

  await clear(accountLimit.key);
  const session = await db.authSession.create({
    data: {
      userId: user.id,
      ip: opts.ip,
      userAgent: opts.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SEC * 1000),
    },
  });
  return { sessionId: session.id, userId: user.id, role: user.role };
}
