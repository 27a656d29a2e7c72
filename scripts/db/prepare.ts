// Gets the configured database ready before a server starts: checks the connection (one clear line on failure),
// applies pending migrations and, when asked, seeds an empty database. Closes everything it opened, because
// PGlite allows one process per data folder and the server comes next.
import "../local-env";

import { mkdirSync } from "node:fs";

import { DbTargetError, deployMigrations, describeTarget, type DbTarget } from "./engine";

export async function prepareDatabase(opts: { seedIfEmpty: boolean }): Promise<{ label: string; target: DbTarget }> {
  const url = process.env.DATABASE_URL;
  const target: DbTarget = url
    ? { kind: "postgres", url }
    : { kind: "pglite", dataDir: process.env.PGLITE_DATA_DIR ?? ".data/pglite" };
  if (target.kind === "pglite" && "dataDir" in target && target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  try {
    const { applied } = await deployMigrations(target);
    if (applied.length > 0) console.log(`migrations applied: ${applied.join(", ")}`);
  } catch (error) {
    // One line naming the variable and the problem, no stack trace.
    if (error instanceof DbTargetError) {
      throw new Error(`${url ? "DATABASE_URL" : "PGLITE_DATA_DIR"}: ${error.message}`, { cause: error });
    }
    throw error;
  }

  if (opts.seedIfEmpty) {
    const { db, closeDb } = await import("~/server/db");
    const { seed } = await import("../../prisma/seed");
    try {
      if ((await db.user.count()) === 0) {
        await seed(db);
        console.log("seeded demo data (password in README)");
      }
    } finally {
      await closeDb();
    }
  }
  return { label: describeTarget(target), target };
}
