// The database of an end-to-end run. The specs create their users and shipments straight in the database (through
// prisma/factories.ts) while the server under test reads it, so both processes need one PostgreSQL: PGlite can be
// opened by one process only. The run deletes nothing it did not create, and it refuses any database that is not
// on this machine, so a mistyped DATABASE_URL can never fill (or, later, clean up) a shared or production one.
import { randomBytes } from "node:crypto";

import pg from "pg";

/** Where a fresh database is created when DATABASE_URL is unset: the local server's maintenance database. */
export const DEFAULT_LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export class NonLocalDatabaseError extends Error {
  override name = "NonLocalDatabaseError";
}

/**
 * Throws NonLocalDatabaseError unless `url` is a PostgreSQL URL whose host is this machine: localhost,
 * 127.0.0.1, ::1, or a Unix socket (no host, or a `host=/path` parameter). Never echoes credentials.
 */
export function assertLocalDatabase(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NonLocalDatabaseError("DATABASE_URL is not a URL: the end-to-end tests run only on a local PostgreSQL.");
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new NonLocalDatabaseError(`DATABASE_URL must be a postgresql:// URL, not ${parsed.protocol}//.`);
  }
  const socket = parsed.searchParams.get("host");
  const host = parsed.hostname.toLowerCase();
  const local =
    socket !== null
      ? socket.startsWith("/") && (host === "" || LOCAL_HOSTS.has(host))
      : host === "" || LOCAL_HOSTS.has(host);
  if (!local) {
    throw new NonLocalDatabaseError(
      `Refusing to run the end-to-end tests against ${socket ?? parsed.hostname}: they create and change data, so ` +
        "DATABASE_URL must point at localhost, 127.0.0.1, ::1 or a Unix socket (or be unset: a fresh local " +
        "database is created).",
    );
  }
}

/**
 * Creates an empty database `tt_e2e_<time>_<random>` on the local server at `adminUrl` and returns its URL and a
 * function that drops it. Throws a one-line error naming what to do when no PostgreSQL answers.
 */
export async function createLocalDatabase(
  adminUrl = DEFAULT_LOCAL_POSTGRES,
): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocalDatabase(adminUrl);
  const name = `tt_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE "${name}"`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The end-to-end tests need a local PostgreSQL (the server and the specs both use it; PGlite allows one ` +
        `process): none answered at ${new URL(adminUrl).host} (${why}). Start PostgreSQL there or set DATABASE_URL ` +
        "to a local database.",
      { cause: error },
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
