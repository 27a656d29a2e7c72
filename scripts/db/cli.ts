// npm run db:migrate -- <name> | db:deploy | db:status. Offline stand-ins for `prisma migrate dev --create-only`,
// `prisma migrate deploy` and `prisma migrate status` (see engine.ts). The database is DATABASE_URL when set, else
// PGlite in PGLITE_DATA_DIR (default .data/pglite).
import path from "node:path";

import dotenv from "dotenv";

import {
  createMigration,
  DbTargetError,
  deployMigrations,
  describeTarget,
  migrationStatus,
  type DbTarget,
} from "./engine";

const USAGE = `usage: tsx scripts/db/cli.ts <command>
  create <name>  write prisma/migrations/<timestamp>_<name>/migration.sql from changes to prisma/schema.prisma
  deploy         apply pending migrations to the database
  status         compare the database with prisma/migrations`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

async function create(name: string | undefined): Promise<number> {
  if (!name) {
    console.error(`${USAGE}\n\nMissing migration name, e.g. npm run db:migrate -- add_user_avatar`);
    return 1;
  }
  const created = await createMigration(name);
  if (!created) {
    console.log("No changes: prisma/schema.prisma matches prisma/migrations. Nothing created.");
    return 0;
  }
  console.log(`Created ${path.relative(process.cwd(), created.path)}`);
  if (/\bDROP\s+(TABLE|COLUMN)\b/i.test(created.sql)) {
    console.log("Note: it drops tables or columns; review it before applying.");
  }
  console.log("Apply it with: npm run db:deploy");
  return 0;
}

async function deploy(target: DbTarget): Promise<number> {
  const { applied, createdDatabase } = await deployMigrations(target);
  const where = describeTarget(target);
  if (createdDatabase) console.log(`${where}: created database "${createdDatabase}"`);
  if (applied.length === 0) {
    console.log(`${where}: no pending migrations`);
  } else {
    console.log(`${where}: applied ${plural(applied.length, "migration")}`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
}

async function status(target: DbTarget): Promise<number> {
  const s = await migrationStatus(target);
  console.log(describeTarget(target));
  const mark = (names: string[], label: string) => names.forEach((name) => console.log(`  ${label.padEnd(8)} ${name}`));
  const appliedLocal = s.applied.filter((n) => !s.missingLocally.includes(n));
  mark(appliedLocal, "applied");
  mark(s.failed, "FAILED");
  mark(s.pending, "pending");
  mark(s.missingLocally, "missing");

  const problems: string[] = [];
  if (s.failed.length) {
    problems.push(
      `${plural(s.failed.length, "migration")} failed; deploy refuses to continue. Fix it, then mark it rolled back ` +
        `(what \`prisma migrate resolve --rolled-back\` does): UPDATE _prisma_migrations SET rolled_back_at = now() ` +
        `WHERE finished_at IS NULL AND rolled_back_at IS NULL;`,
    );
  }
  if (s.missingLocally.length) {
    problems.push(`${plural(s.missingLocally.length, "applied migration")} missing from prisma/migrations.`);
  }
  if (s.edited.length) problems.push(`Edited after being applied: ${s.edited.join(", ")}.`);
  if (s.drift) problems.push(`Drift: the database schema differs from its applied migrations:\n${indent(s.drift)}`);
  if (s.pending.length) problems.push(`${plural(s.pending.length, "pending migration")}: run npm run db:deploy.`);

  if (problems.length === 0) console.log(`Database is up to date (${plural(s.applied.length, "migration")}).`);
  for (const problem of problems) console.log(problem);
  if (s.unmigratedSchemaChanges) {
    console.log("prisma/schema.prisma has changes no migration contains: run npm run db:migrate -- <name>.");
  }
  return problems.length === 0 ? 0 : 1;
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");

async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const [command, ...args] = argv;
  if (command === "create") return create(args[0]);
  if (command !== "deploy" && command !== "status") {
    console.error(USAGE);
    return 1;
  }
  // Empty counts as unset, as in src/env.js.
  const url = process.env.DATABASE_URL;
  const target: DbTarget = url
    ? { kind: "postgres", url }
    : { kind: "pglite", dataDir: process.env.PGLITE_DATA_DIR || ".data/pglite" };
  try {
    return await (command === "deploy" ? deploy(target) : status(target));
  } catch (error) {
    if (!(error instanceof DbTargetError)) throw error;
    // One line naming the variable to fix, no stack trace.
    console.error(`${url ? "DATABASE_URL" : "PGLITE_DATA_DIR"}: ${error.message}`);
    return 1;
  }
}

// Exit explicitly: the schema engine leaves a timer behind that would keep the process alive for ~10 s.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const debug = process.env.DEBUG && error instanceof Error;
    console.error(debug ? error.stack : error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
