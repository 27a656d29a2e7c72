// `npm run test:e2e`: a production build (`next build` + `next start`) against a fresh database and the devstack
// stand-ins, driven by Playwright in Chromium. In CI a missing browser fails the run instead of skipping it.
import "./local-env";

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";

import { startDevstack } from "../devstack/start";
import { prepareDatabase } from "./db/prepare";

function browserAvailable(): boolean {
  const explicit = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (explicit) return existsSync(explicit);
  if (existsSync("/usr/bin/chromium")) return true;
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? path.join(process.env.HOME ?? "", ".cache/ms-playwright");
  return existsSync(cache);
}

/** Runs a child without blocking this process: the stand-ins it hosts must keep answering meanwhile. */
function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cmd, ...args], { stdio: "inherit", env: process.env });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(cmd)} ${args[0] ?? ""} exited with ${code ?? signal}`)),
    );
  });
}

async function main() {
  if (!browserAvailable()) {
    const message = "No Chromium found: install it (apt-get install -y chromium) or set PLAYWRIGHT_CHROMIUM_PATH.";
    if (process.env.CI) throw new Error(message);
    console.warn(`${message} Trying Playwright's own browser.`);
  }

  let tempDir: string | null = null;
  if (!process.env.DATABASE_URL) {
    mkdirSync(".data", { recursive: true });
    tempDir = mkdtempSync(path.join(".data", "e2e-"));
    process.env.PGLITE_DATA_DIR = path.join(tempDir, "pglite");
  }
  const devstack = await startDevstack({ portBase: 0 });
  try {
    const { label } = await prepareDatabase({ seedIfEmpty: true });
    console.log(`e2e database: ${label}`);
    // Links in emails and next-auth's redirects must point at the server under test.
    const origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
    Object.assign(process.env, devstack.env, { NEXT_TELEMETRY_DISABLED: "1", APP_URL: origin, NEXTAUTH_URL: origin });
    process.env.NEXT_DIST_DIR ??= ".next-e2e";
    // `npm test` has type-checked already; scripts/e2e.ts run alone still builds fully typed with E2E_TYPECHECK=1.
    if (!process.env.E2E_TYPECHECK) process.env.NEXT_SKIP_TYPECHECK = "1";
    if (!process.env.E2E_SKIP_BUILD) await run("node_modules/next/dist/bin/next", ["build"]);
    await run("node_modules/@playwright/test/cli.js", ["test", ...process.argv.slice(2)]);
  } finally {
    await devstack.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
