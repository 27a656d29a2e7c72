import { availableParallelism } from "node:os";

import { defineConfig } from "vitest/config";

// Two projects: fast unit tests of pure code, and integration tests against a real database (a fresh
// PostgreSQL database when DATABASE_URL is set, in-memory PGlite per test file otherwise).
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    environment: "node",
    // One worker per core: each file's setup (the app's modules, an Inngest executor) is CPU work, and a third worker
    // on two cores made the whole run slower. Each worker has a database of its own (scripts/test/global-setup.ts).
    // VITEST_MAX_WORKERS overrides.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || Math.max(1, availableParallelism()),
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // *.test.tsx: components, each choosing a DOM (`// @vitest-environment happy-dom`).
          include: [
            "src/**/*.test.ts",
            "src/**/*.test.tsx",
            "prisma/**/*.test.ts",
            "scripts/*.test.ts",
            "inngest/**/*.test.ts",
          ],
          exclude: ["**/*.integration.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts", "devstack/**/*.test.ts", "scripts/**/*.test.ts"],
          // scripts/*.test.ts are unit tests of the tooling's pure decisions (browser, database guard, log scan).
          exclude: ["node_modules/**", "scripts/*.test.ts"],
          // Files in a worker share its module cache: importing the app and starting an Inngest executor once per worker
          // instead of once per file (that setup was most of the suite's time). setup.ts makes them once; tests that
          // change module state (spies, env) restore it in their own afterEach/afterAll.
          isolate: false,
          globalSetup: ["scripts/test/global-setup.ts"],
          setupFiles: ["scripts/test/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
