// Answers from outside services kept in PostgreSQL (the OutsideCache table), not in process memory: every app
// instance shares them (a route asked for on one instance costs nothing on the next), they survive deploys, and the
// table stays bounded because every row expires (expired rows read as misses and are purged as new ones are written).
// Only successful answers are kept; a failure is retried on the next request.
import type { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db";

/**
 * The cache key for `what` asked of the service at `baseUrl` (null: the service's own hosts). The host is part of
 * the key, so switching a base URL (the devstack stand-in, the real service) never serves the other one's answers.
 */
export function outsideCacheKey(service: string, baseUrl: string | null, what: string): string {
  return `${service}@${baseUrl ?? "default"}:${what}`;
}

/** One write in this many also deletes expired rows (at most PURGE_BATCH of them). */
const PURGE_EVERY = 50;
const PURGE_BATCH = 500;

/**
 * The value under `key` if a live row holds one that `schema` accepts, else `load()`'s, stored for `ttlSec` seconds.
 * A row of an older shape (schema mismatch) is a miss. `load` errors propagate and nothing is stored.
 */
export async function cachedOutside<T>(
  key: string,
  ttlSec: number,
  schema: z.ZodType<T>,
  load: () => Promise<T>,
): Promise<{ value: T; hit: boolean }> {
  const row = await db.outsideCache.findUnique({ where: { key } });
  if (row && row.expiresAt.getTime() > Date.now()) {
    const parsed = schema.safeParse(row.value);
    if (parsed.success) return { value: parsed.data, hit: true };
  }
  const value = await load();
  const expiresAt = new Date(Date.now() + ttlSec * 1000);
  const json = value as Prisma.InputJsonValue;
  await db.outsideCache.upsert({
    where: { key },
    create: { key, value: json, expiresAt },
    update: { value: json, expiresAt },
  });
  if (Math.random() < 1 / PURGE_EVERY) {
    await db.$executeRaw`
      DELETE FROM "OutsideCache" WHERE "key" IN (
        SELECT "key" FROM "OutsideCache" WHERE "expiresAt" < now() LIMIT ${PURGE_BATCH})`;
  }
  return { value, hit: false };
}
