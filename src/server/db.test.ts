// Importing the database module must not open the database: `next dev` imports route modules in worker processes
// of its own, and each PGlite opened there on the same data folder aborted the WebAssembly Postgres.
import { describe, expect, it, vi } from "vitest";

const opened = vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-that-is-at-least-32-characters";
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
  return { count: 0 };
});

vi.mock("@electric-sql/pglite", () => ({
  PGlite: class {
    constructor() {
      opened.count += 1;
    }
  },
}));
vi.mock("pglite-prisma-adapter", () => ({
  PrismaPGlite: class {
    readonly provider = "postgres";
    readonly adapterName = "pglite-prisma-adapter";
  },
}));

describe("the database module", () => {
  it("opens the embedded database on first use, not at import, and only once", async () => {
    const { db, dbKind } = await import("./db");
    expect(opened.count).toBe(0);

    expect(typeof db.$transaction).toBe("function");
    expect(dbKind()).toBe("pglite");
    expect(typeof db.user.findMany).toBe("function");
    expect(opened.count).toBe(1);
  });
});
