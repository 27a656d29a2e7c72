// Attempt limits kept in PostgreSQL (shared by every instance; never process memory). Every counter RESERVES its
// attempt before the guarded action runs: one conditional upsert that counts the attempt only while the limit
// still allows it. So N parallel tries cost N attempts, and a try beyond the allowance is refused before any
// secret is checked or any email is sent. The upsert never raises a unique violation (ON CONFLICT) and runs
// outside any transaction at READ COMMITTED, so concurrent tries queue on the row lock and none fails.
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";

export type TLimit = {
  key: string;
  /** Attempts allowed per window; with `backoff`, attempts allowed before the waiting starts. */
  max: number;
  /**
   * Seconds. Without `backoff` a fixed window from the first attempt. With `backoff` the quiet time after the
   * latest attempt that resets the count (the window slides with every attempt).
   */
  windowSec: number;
  /**
   * Past `max`, instead of refusing until the window ends, allow one attempt every
   * min(capSec, baseSec * 2^(count - max)) seconds after the latest one.
   */
  backoff?: { baseSec: number; capSec: number };
};

export type TReservation = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * Counts one attempt against `limit` if it allows one now, atomically. Returns `{ ok: false, retryAfterSec }`
 * (whole seconds, at least 1) without counting anything when it does not. Times come from the database clock.
 */
export async function reserveAttempt(limit: TLimit): Promise<TReservation> {
  const sliding = !!limit.backoff;
  const baseSec = limit.backoff?.baseSec ?? 0;
  const capSec = limit.backoff?.capSec ?? 0;
  // The exponent is capped so that power() cannot overflow whatever the count.
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimit" AS r ("key", "count", "resetAt")
    VALUES (${limit.key}, 1, now() + make_interval(secs => ${limit.windowSec}::float8))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN r."resetAt" <= now() THEN 1 ELSE r."count" + 1 END,
      "resetAt" = CASE WHEN r."resetAt" <= now() OR ${sliding}::boolean
                       THEN now() + make_interval(secs => ${limit.windowSec}::float8) ELSE r."resetAt" END
    WHERE r."resetAt" <= now()
       OR r."count" < ${limit.max}::int
       OR (${sliding}::boolean AND now() >= r."resetAt" - make_interval(secs => ${limit.windowSec}::float8)
             + make_interval(secs => LEAST(${capSec}::float8,
                                           ${baseSec}::float8 * power(2, LEAST(r."count" - ${limit.max}::int, 30)))))
    RETURNING r."count"`;
  if (rows.length > 0) return { ok: true };
  const wait = await db.$queryRaw<{ retryAfterSec: number }[]>`
    SELECT GREATEST(1, CEIL(EXTRACT(EPOCH FROM (
      CASE WHEN ${sliding}::boolean
           THEN "resetAt" - make_interval(secs => ${limit.windowSec}::float8)
                + make_interval(secs => LEAST(${capSec}::float8,
                                              ${baseSec}::float8 * power(2, LEAST("count" - ${limit.max}::int, 30))))
           ELSE "resetAt" END - now()))))::int AS "retryAfterSec"
    FROM "RateLimit" WHERE "key" = ${limit.key}`;
  return { ok: false, retryAfterSec: wait[0]?.retryAfterSec ?? 1 };
}

/** Reserves one attempt on each limit, in order, or on none: a refusal gives back what it had reserved. */
export async function reserveAttempts(all: TLimit[]): Promise<TReservation> {
  const reserved: TLimit[] = [];
  for (const limit of all) {
    const r = await reserveAttempt(limit);
    if (!r.ok) {
      await Promise.all(reserved.map(refundAttempt));
      return r;
    }
    reserved.push(limit);
  }
  return { ok: true };
}

/** Gives back one reserved attempt (the try turned out not to be a failure, or never ran). */
export async function refundAttempt(limit: TLimit): Promise<void> {
  await db.$executeRaw`
    UPDATE "RateLimit" SET "count" = "count" - 1 WHERE "key" = ${limit.key} AND "count" > 0 AND "resetAt" > now()`;
}

/** Forgets every attempt counted on `key`. */
export async function clear(key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}

export function waitMessage(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Reserves one attempt; throws TOO_MANY_REQUESTS ("Too many <what>. Try again in ...") when none is left. */
export async function consume(limit: TLimit, what: string): Promise<void> {
  const r = await reserveAttempt(limit);
  if (!r.ok) {
    throw new AppError("TOO_MANY_REQUESTS", `Too many ${what}. Try again in ${waitMessage(r.retryAfterSec)}.`, {
      retryAfterSec: r.retryAfterSec,
    });
  }
}

/** Reserves one attempt on every limit or none (reserveAttempts); throws TOO_MANY_REQUESTS like `consume`. */
export async function consumeAll(all: TLimit[], what: string): Promise<void> {
  const r = await reserveAttempts(all);
  if (!r.ok) {
    throw new AppError("TOO_MANY_REQUESTS", `Too many ${what}. Try again in ${waitMessage(r.retryAfterSec)}.`, {
      retryAfterSec: r.retryAfterSec,
    });
  }
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Every limit in the app. Sign-in (see sign-in.ts for the reasoning and sources):
 * - per account and address: 5 failures per 15 minutes, then that address waits for the window; the owner
 *   elsewhere is not affected (OWASP Authentication Cheat Sheet, "Account Lockout": lockout must not become a
 *   denial of service);
 * - per address, across accounts: 20 failures per 15 minutes (credential stuffing from one address; room for an
 *   office or a carrier NAT sharing one address);
 * - per account, from any address: 10 failures free, then each further try waits 1, 2, 4 ... seconds after the
 *   previous one, capped at 60 s, until the account has had an hour without tries. That bounds guessing from
 *   any number of addresses to about 70 an hour (ASVS 4.0.3 2.2.1: no more than 100 failed attempts an hour on
 *   one account) while the owner, when nobody else is trying, waits a minute at most; an address the account
 *   signed in from in the last 30 days is exempt.
 */
export const limits = {
  signInPair: (email: string, ip: string): TLimit => ({
    key: `signin:pair:${email}:${ip}`,
    max: 5,
    windowSec: 15 * MINUTE,
  }),
  signInIp: (ip: string): TLimit => ({ key: `signin:ip:${ip}`, max: 20, windowSec: 15 * MINUTE }),
  signInAccount: (email: string): TLimit => ({
    key: `signin:acct:${email}`,
    max: 10,
    windowSec: HOUR,
    backoff: { baseSec: 1, capSec: 60 },
  }),
  /** Guesses of the current password from a signed-in session: the same 5 per 15 minutes as a sign-in pair. */
  passwordChange: (userId: string): TLimit => ({ key: `password-change:${userId}`, max: 5, windowSec: 15 * MINUTE }),
  register: (ip: string): TLimit => ({ key: `register:ip:${ip}`, max: 10, windowSec: HOUR }),
  resetIp: (ip: string): TLimit => ({ key: `reset:ip:${ip}`, max: 5, windowSec: HOUR }),
  resetAccount: (email: string): TLimit => ({ key: `reset:acct:${email}`, max: 3, windowSec: HOUR }),
  resendVerification: (userId: string): TLimit => ({ key: `verify-resend:${userId}`, max: 3, windowSec: HOUR }),
  /** Drafts and posts alike: a flood would bury the load board and grow the database for nothing. */
  shipmentCreate: (userId: string): TLimit => ({ key: `shipment-create:${userId}`, max: 60, windowSec: HOUR }),
  /**
   * Position batches per driver (POST /api/tracking/pings, up to 100 pings each): 300 a minute. The phone sends one
   * every 5 s (12 a minute); the headroom lets a phone back from a day offline replay its queue (1 fix/s for 24 h
   * is 864 full batches, about 3 minutes) and a driver with a second device stay under it.
   */
  /**
   * Address search as the user types, per user: 60 a minute (a search is 5-15 keystrokes after the client's
   * debounce, so several addresses a minute) and 1,000 a day. With a Google key each call is billed (Places
   * Autocomplete), so this caps what one account can cost.
   */
  placesSearchMinute: (userId: string): TLimit => ({ key: `places-search:${userId}`, max: 60, windowSec: MINUTE }),
  placesSearchDay: (userId: string): TLimit => ({
    key: `places-search-day:${userId}`,
    max: 1_000,
    windowSec: 24 * HOUR,
  }),
  /** Address searches by people not signed in (the offline gazetteer only), per client address: 60 a minute. */
  placesSearchIp: (ip: string): TLimit => ({ key: `places-search-ip:${ip}`, max: 60, windowSec: MINUTE }),
  /** Place details, geocoding, routes and weather per user (each may be a billed call on a cache miss): 60 a minute. */
  placesLookup: (userId: string): TLimit => ({ key: `places-lookup:${userId}`, max: 60, windowSec: MINUTE }),
  trackingPings: (driverId: string): TLimit => ({ key: `tracking-pings:${driverId}`, max: 300, windowSec: MINUTE }),
  /**
   * Phone verification codes sent, per account (3 an hour: a typo and a retry) and per number across accounts
   * (5 a day), so nobody can use the form to flood someone else's phone or run up the SMS bill.
   */
  phoneCodeSend: (userId: string): TLimit => ({ key: `phone-code-send:${userId}`, max: 3, windowSec: HOUR }),
  phoneCodeNumber: (phone: string): TLimit => ({ key: `phone-code-number:${phone}`, max: 5, windowSec: 24 * HOUR }),
  /**
   * Guesses of a 6-digit code per account: 5 per 15 minutes, the sign-in pair's figure. With a code living 10
   * minutes that is at most 5 in a million chances per code (NIST SP 800-63B 5.2.2 asks for a limit on guesses).
   */
  phoneCodeCheck: (userId: string): TLimit => ({ key: `phone-code-check:${userId}`, max: 5, windowSec: 15 * MINUTE }),
};
