// Every embedded (PGlite) database the project opens goes through here, so each one has the contrib extensions the
// migrations create: `cube` + `earthdistance` (the load board's distance ranking) and `pg_trgm` (text search).
// PostgreSQL ships them in postgresql-contrib; PGlite loads them only when they are named at start-up.
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { cube } from "@electric-sql/pglite/contrib/cube";
import { earthdistance } from "@electric-sql/pglite/contrib/earthdistance";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/** The contrib extensions every PGlite instance loads (the migrations `CREATE EXTENSION` them). */
export const pgliteExtensions = { cube, earthdistance, pg_trgm } as const;

/**
 * Opens PGlite with the project's extensions. `dataDir` is a folder, `memory://`, or undefined for in memory;
 * `options` are passed through (e.g. `loadDataDir` to start from a dumped cluster).
 */
export function openPglite(dataDir?: string, options: Omit<PGliteOptions, "extensions"> = {}): Promise<PGlite> {
  return PGlite.create({ ...options, ...(dataDir ? { dataDir } : {}), extensions: pgliteExtensions });
}

/** Like openPglite but returns at once (queries wait for start-up): for the app's lazily opened client. */
export function newPglite(dataDir?: string): PGlite {
  return new PGlite({ ...(dataDir ? { dataDir } : {}), extensions: pgliteExtensions });
}
