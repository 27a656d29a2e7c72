// The Prisma client: PostgreSQL through adapter-pg when DATABASE_URL is set, else embedded PGlite on disk.
// One client per process (kept on globalThis so dev hot-reloads do not open a second PGlite on the same folder).
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { env } from "~/env";
import { PrismaClient } from "~/generated/prisma/client";
import { newPglite } from "~/server/pglite";

export type DbKind = "postgres" | "pglite";

type DbHandle = { client: PrismaClient; kind: DbKind; pglite: PGlite | null };

const globalForDb = globalThis as unknown as { __ttDb?: DbHandle };

const log: ("error" | "warn")[] = env.NODE_ENV === "development" ? ["error", "warn"] : ["error"];

/**
 * How long an interactive transaction on PGlite may wait for its turn and then run, in milliseconds. PGlite is one
 * connection: every transaction holds it from BEGIN to COMMIT, so concurrent requests queue behind each other.
 * Prisma's defaults (2 s wait, 5 s run) are sized for a pool and turned an ordinary burst of requests into
 * "Unable to start a transaction in the given time" errors (500s); on PostgreSQL the defaults stay.
 */
export const PGLITE_TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

/** A Prisma client over an open PGlite instance, with the transaction limits PGlite's single connection needs. */
export function pgliteClient(pglite: PGlite): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPGlite(pglite), log, transactionOptions: PGLITE_TRANSACTION_OPTIONS });
}

function open(): DbHandle {
  if (env.DATABASE_URL) {
    const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: 20 });
    return { client: new PrismaClient({ adapter, log }), kind: "postgres", pglite: null };
  }
  // "memory://" keeps the database in memory (tests); any other value is a data folder.
  const pglite = newPglite(env.PGLITE_DATA_DIR);
  return { client: pgliteClient(pglite), kind: "pglite", pglite };
}

function handle(): DbHandle {
  globalForDb.__ttDb ??= open();
  return globalForDb.__ttDb;
}

/**
 * The process's Prisma client, opened on first use rather than at import. `next dev` imports route modules in
 * short-lived worker processes of its own (seen: two more PIDs while serving `/api/auth/*`) that never query;
 * opening at import made each of them start a second PGlite on the same data folder, which aborts the WebAssembly
 * Postgres ("Unhandled Rejection: RuntimeError: Aborted()") and can leave the folder unopenable.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = handle().client;
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

/** Which database this process talks to (opens it if needed). */
export function dbKind(): DbKind {
  return handle().kind;
}

/** The embedded PGlite instance, or null on PostgreSQL (migrations and tests open it through here). */
export function embeddedPglite(): PGlite | null {
  return handle().pglite;
}

/** Closes the client and, for PGlite, the database itself ($disconnect alone leaves PGlite open). */
export async function closeDb(): Promise<void> {
  const h = globalForDb.__ttDb;
  if (!h) return;
  await h.client.$disconnect();
  await h.pglite?.close();
  delete globalForDb.__ttDb;
}

export type DbHealth = { ok: boolean; kind: DbKind; latencyMs: number; error?: string };

export async function checkDatabase(timeoutMs = 2000): Promise<DbHealth> {
  // The embedded database loads its WebAssembly on first use; that start-up is not a failure to answer.
  await handle().pglite?.waitReady;
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs).unref()),
    ]);
    return { ok: true, kind: dbKind(), latencyMs: latencyMs() };
  } catch (error) {
    return {
      ok: false,
      kind: dbKind(),
      latencyMs: latencyMs(),
      error: error instanceof Error ? error.message : "unknown",
    };
  }
}
