// Fixed-window rate limits kept in PostgreSQL (shared by every instance; never process memory).
// One atomic upsert per hit: a window that has ended restarts at 1.
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";

export type TLimit = { key: string; max: number; windowSec: number };

export type TLimitState = { count: number; resetAt: Date; limited: boolean; retryAfterSec: number };

/** `limitedFrom`: the count at which the caller is over the limit. */
function state(row: { count: number; resetAt: Date } | undefined, limitedFrom: number): TLimitState {
  const now = Date.now();
  if (!row || row.resetAt.getTime() <= now)
    return { count: 0, resetAt: new Date(now), limited: false, retryAfterSec: 0 };
  return {
    count: row.count,
    resetAt: row.resetAt,
    limited: row.count >= limitedFrom,
    retryAfterSec: Math.max(1, Math.ceil((row.resetAt.getTime() - now) / 1000)),
  };
}

/** Counts one event against the limit and returns the state after it. */
export async function hit(limit: TLimit): Promise<TLimitState> {
  const rows = await db.$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    VALUES (${limit.key}, 1, now() + make_interval(secs => ${limit.windowSec}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now()
                       THEN now() + make_interval(secs => ${limit.windowSec}) ELSE "RateLimit"."resetAt" END
    RETURNING "count", "resetAt"`;
  // This hit is over the limit once it is the (max + 1)-th in the window.
  return state(rows[0], limit.max + 1);
}

/** The current state without counting anything. */
export async function peek(limit: TLimit): Promise<TLimitState> {
  const row = await db.rateLimit.findUnique({ where: { key: limit.key }, select: { count: true, resetAt: true } });
  // Before a try: blocked once the allowance is used up.
  return state(row ?? undefined, limit.max);
}

export async function clear(key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}

export function waitMessage(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Counts the event and throws TOO_MANY_REQUESTS once the allowance is used up. */
export async function consume(limit: TLimit, what: string): Promise<void> {
  const s = await hit(limit);
  if (s.limited) {
    throw new AppError("TOO_MANY_REQUESTS", `Too many ${what}. Try again in ${waitMessage(s.retryAfterSec)}.`, {
      retryAfterSec: s.retryAfterSec,
    });
  }
}

export const limits = {
  signInAccount: (email: string): TLimit => ({ key: `signin:acct:${email}`, max: 5, windowSec: 15 * 60 }),
  signInIp: (ip: string): TLimit => ({ key: `signin:ip:${ip}`, max: 5, windowSec: 15 * 60 }),
  register: (ip: string): TLimit => ({ key: `register:ip:${ip}`, max: 10, windowSec: 60 * 60 }),
  resetIp: (ip: string): TLimit => ({ key: `reset:ip:${ip}`, max: 5, windowSec: 60 * 60 }),
  resetAccount: (email: string): TLimit => ({ key: `reset:acct:${email}`, max: 3, windowSec: 60 * 60 }),
  resendVerification: (userId: string): TLimit => ({ key: `verify-resend:${userId}`, max: 3, windowSec: 60 * 60 }),
  /** Drafts and posts alike: a flood would bury the load board and grow the database for nothing. */
  shipmentCreate: (userId: string): TLimit => ({ key: `shipment-create:${userId}`, max: 60, windowSec: 60 * 60 }),
};
