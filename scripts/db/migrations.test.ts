// The migration history must build exactly prisma/schema.prisma, on PGlite and (when DATABASE_URL is set) on a
// fresh PostgreSQL database, and deploying must record each migration once, as `prisma migrate deploy` would.
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createMigration,
  deployMigrations,
  diffDatabaseAgainstSchema,
  diffMigrationsAgainstSchema,
  migrationStatus,
  type DbTarget,
} from "./engine";
import { openPglite } from "../../src/server/pglite";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");
const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
const SLOW = { timeout: 180_000 }; // PGlite's initdb alone takes seconds on a busy machine

const migrationFolders = () =>
  readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

/** A database for one test run: its target, a way to query it, and cleanup. */
type TestDb = { target: DbTarget; query<T>(sql: string): Promise<T[]>; close(): Promise<void> };

async function pgliteDb(): Promise<TestDb> {
  const db = await openPglite();
  return {
    target: { kind: "pglite", instance: db },
    query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
    close: () => db.close(),
  };
}

/** A new, empty database tt_migr_<random> on the server DATABASE_URL points at, dropped on close. */
async function postgresDb(serverUrl: string): Promise<TestDb> {
  const name = `tt_migr_${randomBytes(6).toString("hex")}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const adminSql = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await adminSql(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    target: { kind: "postgres", url: url.toString() },
    query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    close: async () => {
      await client.end();
      await adminSql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

const kinds: { name: string; open: () => Promise<TestDb> }[] = [{ name: "PGlite (in memory)", open: pgliteDb }];
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) kinds.push({ name: "PostgreSQL (fresh database)", open: () => postgresDb(serverUrl) });

it("has migrations, and replaying them builds prisma/schema.prisma exactly", SLOW, async () => {
  expect(migrationFolders().length).toBeGreaterThan(0);
  expect(readFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toMatch(/provider = "postgresql"/);
  expect(await diffMigrationsAgainstSchema()).toBe("");
});

describe.each(kinds)("on $name", ({ open }) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
  }, SLOW.timeout);
  afterAll(async () => {
    await db?.close();
  });

  it("deploy applies every migration once and produces exactly the schema", SLOW, async () => {
    const folders = migrationFolders();
    expect(await deployMigrations(db.target)).toEqual({ applied: folders });

    const rows = await db.query<MigrationRow>(
      "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations",
    );
    expect(rows.map((r) => r.migration_name).sort()).toEqual(folders);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      // The checksum `prisma migrate deploy` verifies: SHA-256 of migration.sql.
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    }

    expect(await diffDatabaseAgainstSchema(db.target)).toBe("");
  });

  it("deploy is idempotent and status reports the database up to date", SLOW, async () => {
    expect(await deployMigrations(db.target)).toEqual({ applied: [] });
    const [{ count } = { count: -1 }] = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM _prisma_migrations",
    );
    expect(count).toBe(migrationFolders().length);

    const status = await migrationStatus(db.target);
    expect(status).toMatchObject({
      applied: migrationFolders(),
      pending: [],
      failed: [],
      edited: [],
      missingLocally: [],
      drift: null,
      unmigratedSchemaChanges: false,
    });
  });

  it("status detects a change made outside migrations", SLOW, async () => {
    await db.query(`ALTER TABLE "RateLimit" ADD COLUMN "outOfBand" integer`);
    const status = await migrationStatus(db.target);
    expect(status.drift).toMatch(/RateLimit[\s\S]*outOfBand/);
    expect(await diffDatabaseAgainstSchema(db.target)).toMatch(/DROP COLUMN "outOfBand"/);
  });
});

describe("with a scratch copy of prisma/", () => {
  let dir: string;
  let paths: { schemaPath: string; migrationsDir: string };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tt-migrations-"));
    paths = { schemaPath: path.join(dir, "schema.prisma"), migrationsDir: path.join(dir, "migrations") };
    cpSync(SCHEMA_PATH, paths.schemaPath);
    cpSync(MIGRATIONS_DIR, paths.migrationsDir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("createMigration writes nothing without changes, then captures a schema change", SLOW, async () => {
    expect(await createMigration("nothing", paths)).toBeNull();
    expect(readdirSync(paths.migrationsDir).length).toBe(migrationFolders().length + 1); // + migration_lock.toml

    const schema = readFileSync(paths.schemaPath, "utf8");
    writeFileSync(paths.schemaPath, schema.replace(/(model RateLimit \{\n)/, '$1  note String @default("")\n'));
    const created = await createMigration("Add rate-limit note", paths);
    expect(created?.name).toMatch(/^\d{14}_add_rate_limit_note$/);
    expect(created && existsSync(created.path)).toBe(true);
    expect(created?.sql).toMatch(/ALTER TABLE "RateLimit" ADD COLUMN\s+"note" TEXT NOT NULL DEFAULT ''/);
    expect(created && created.name > (migrationFolders().at(-1) ?? "")).toBe(true); // sorts after the others
    expect(await diffMigrationsAgainstSchema(paths)).toBe("");
  });

  it.each(kinds)(
    "runs each migration as one script; a failing one is recorded as failed and blocks deploys ($name)",
    async ({ open }) => {
      rmSync(paths.migrationsDir, { recursive: true, force: true });
      cpSync(MIGRATIONS_DIR, paths.migrationsDir, { recursive: true });
      const addMigration = (name: string, sql: string) => {
        mkdirSync(path.join(paths.migrationsDir, name));
        writeFileSync(path.join(paths.migrationsDir, name, "migration.sql"), sql);
      };
      // A ";" inside a literal must not split the script.
      addMigration("29991231235958_comment", `COMMENT ON TABLE "RateLimit" IS 'counters; shared';\n`);
      addMigration("29991231235959_broken", `CREATE TABLE "Half" (id int);\nSELECT 1/0;\n`);

      const db = await open();
      try {
        await expect(deployMigrations(db.target, paths)).rejects.toThrow(
          /29991231235959_broken failed.*division by zero/,
        );
        expect(await db.query(`SELECT obj_description('"RateLimit"'::regclass) AS c`)).toEqual([
          { c: "counters; shared" },
        ]);
        const rows = await db.query<MigrationRow>(
          `SELECT migration_name, finished_at FROM _prisma_migrations WHERE migration_name = '29991231235959_broken'`,
        );
        expect(rows).toEqual([{ migration_name: "29991231235959_broken", finished_at: null }]);
        // A migration runs as one implicit transaction: its first statement is rolled back too.
        expect(await db.query(`SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
        await expect(deployMigrations(db.target, paths)).rejects.toThrow(/failed migrations/);
        expect(await migrationStatus(db.target, paths)).toMatchObject({
          failed: ["29991231235959_broken"],
          pending: [],
          drift: null,
        });
      } finally {
        await db.close();
      }
    },
    SLOW.timeout,
  );
});
