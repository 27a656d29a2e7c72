// Credential check behind next-auth's sign-in: attempt limits reserved before the password is checked, constant
// work for unknown emails, and one AuthSession row per successful sign-in, shared by a double submission (its id is
// what the JWT carries).
import { AppError } from "~/lib/app-error";
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from "~/server/auth/password";
import { SESSION_MAX_AGE_SEC } from "~/server/auth/session";
import { sha256 } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { clear, limits, refundAttempt, reserveAttempts, waitMessage } from "~/server/services/rate-limit/rate-limit";
import { logger } from "~/server/log/logger";

export type TSignInResult = { sessionId: string; userId: string; role: string };

const INVALID = "Email or password is incorrect.";
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;
/** How far back a sign-in from the same browser counts as the same submission (a double click, a retried POST). */
export const TWIN_SIGN_IN_MS = 10_000;

/**
 * Checks an email and password and opens an AuthSession. `ip` is the client address from `clientIp`.
 *
 * Every try first reserves one attempt on three limits (figures in `limits`, rate-limit.ts), so parallel tries
 * cannot beat them and a try beyond them is refused without its password being checked:
 * - this account from this address: 5 per 15 minutes. The lock is per account AND address, so an attacker who
 *   knows a user's email cannot lock the owner out from elsewhere (OWASP Authentication Cheat Sheet, "Account
 *   Lockout"; ASVS 5.0 V6.1.1 asks that the controls "prevent malicious account lockout");
 * - this address, any account: 20 per 15 minutes (credential stuffing from one address);
 * - this account, any address: 10 free, then a wait after each try that doubles from 1 s up to 60 s, so many
 *   addresses together cannot guess fast either (ASVS 5.0 V6.3.1; ASVS 4.0.3 2.2.1: at most 100 failures an hour
 *   on one account). The owner at a new address waits 60 s at most while no one else is trying. An address this
 *   account signed in from in the last 30 days skips this one (the owner's home or office stays usable even
 *   while many addresses keep the account waiting; the cheat sheet's "device cookie" idea, keyed by address).
 * Unknown emails count exactly like known ones, so the answers reveal nothing.
 * On success the pair's failures are forgotten and the reservations on the other two are given back; failures
 * from other addresses keep counting.
 *
 * One submission, one session: the sign-in form posted twice at once (a double click) would otherwise open two
 * sessions while the browser keeps only the cookie of the answer that arrives last, leaving the other one in the
 * device list, never usable and never signed out. `browserKey` names the browser (next-auth's CSRF token, which
 * every form POST of one browser carries and no other browser has; stored as its SHA-256). A sign-in of the same
 * user with the same key within `TWIN_SIGN_IN_MS` of one that opened a session the browser does not already hold
 * (`currentSessionId`, the sid of its session cookie) gets that same session back, so whichever answer the browser
 * keeps, it holds the only one. A per-user advisory lock makes the check and the insert atomic across parallel
 * requests. Signing in again from a browser that holds the recent session opens a new one (next-auth's config
 * then ends the old one); other browsers, even on the same address and user agent, always get their own.
 *
 * A password hash in the legacy format (plain bcrypt, see `verifyPassword`) is replaced by the current one after a
 * successful sign-in, best effort: a failure leaves the old hash, which still works, and the sign-in succeeds.
 *
 * Throws AppError TOO_MANY_REQUESTS (with `retryAfterSec`) when a limit refuses, UNAUTHORIZED for a wrong email or
 * password, FORBIDDEN for a disabled account (after a correct password only).
 */
export async function signInWithPassword(opts: {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The sid in the browser's session cookie (any account), when it has a readable one. */
  currentSessionId?: string | null;
  /** A value only this browser sends (next-auth's CSRF token); without it every sign-in opens a new session. */
  browserKey?: string | null;
}): Promise<TSignInResult> {
  const email = opts.email.trim().toLowerCase();
  const pairLimit = limits.signInPair(email, opts.ip);
  const ipLimit = limits.signInIp(opts.ip);
  const accountLimit = limits.signInAccount(email);

  const knownAddress = await db.authSession.findFirst({
    where: { user: { email }, ip: opts.ip, createdAt: { gte: new Date(Date.now() - KNOWN_ADDRESS_MS) } },
    select: { id: true },
  });
  const reserved = knownAddress ? [pairLimit, ipLimit] : [pairLimit, ipLimit, accountLimit];
  const reservation = await reserveAttempts(reserved);
  if (!reservation.ok) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-in attempts. Try again in ${waitMessage(reservation.retryAfterSec)}.`,
      { retryAfterSec: reservation.retryAfterSec },
    );
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, role: true, passwordHash: true, disabledAt: true },
  });
  const ok = user
    ? await verifyPassword(opts.password, user.passwordHash)
    : (await burnPasswordCheck(opts.password), false);
  // A failure keeps its reserved attempts.
  if (!user || !ok) throw new AppError("UNAUTHORIZED", INVALID);

  await Promise.all([clear(pairLimit.key), ...reserved.slice(1).map(refundAttempt)]);
  if (user.disabledAt) throw new AppError("FORBIDDEN", "This account has been disabled. Contact support.");

  const userId = user.id;
  const signInKey = opts.browserKey ? sha256(opts.browserKey) : null;
  const data = {
    userId,
    ip: opts.ip,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
    signInKey,
    expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SEC * 1000),
  };
  const session = signInKey
    ? await db.$transaction(async (tx) => {
        // Serialises this user's sign-ins (only them) until commit; 7201 keeps the key apart from other lock uses.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(7201, hashtext(${userId}))`;
        const twin = await tx.authSession.findFirst({
          where: {
            userId,
            signInKey,
            revokedAt: null,
            expiresAt: { gt: new Date() },
            createdAt: { gte: new Date(Date.now() - TWIN_SIGN_IN_MS) },
            ...(opts.currentSessionId ? { id: { not: opts.currentSessionId } } : {}),
          },
          orderBy: { createdAt: "desc" },
          select: { id: true },
        });
        return twin ?? tx.authSession.create({ data, select: { id: true } });
      })
    : await db.authSession.create({ data, select: { id: true } });
  if (needsRehash(user.passwordHash)) await upgradeHash(user.id, user.passwordHash, opts.password);
  return { sessionId: session.id, userId: user.id, role: user.role };
}

/** Stores the current kind of hash of a password just proven right, unless the hash changed meanwhile. */
async function upgradeHash(userId: string, oldHash: string, password: string): Promise<void> {
  try {
    const passwordHash = await hashPassword(password);
    // Conditional on the old hash, so a password change or reset racing this sign-in is never overwritten.
    await db.user.updateMany({ where: { id: userId, passwordHash: oldHash }, data: { passwordHash } });
  } catch (error) {
    logger.warn({ module: "auth", userId, err: error }, "password hash upgrade failed");
  }
}
