// `npm run test:e2e`: a production build (`next build` + `next start`) against a fresh local PostgreSQL database and
// the devstack stand-ins, driven by Playwright in Chromium. It gets a browser when there is none
// (scripts/ensure-browser.ts), refuses a database that is not on this machine (scripts/e2e-database.ts), and fails
// the run when the server logs an unhandled fault, even if every spec passed (scripts/server-log.ts).
import "./local-env";

import { spawn } from "node:child_process";
import path from "node:path";

import { startGoogleStandIn } from "../devstack/google";
import { startDevstack } from "../devstack/start";
import { localVapidKeys } from "../src/server/integrations/web-push/local-keys";
import { prepareDatabase } from "./db/prepare";
import { assertLocalDatabase, createLocalDatabase, DEFAULT_LOCAL_POSTGRES } from "./e2e-database";
import { ensureBrowser, machineProbes } from "./ensure-browser";
import { lineSplitter, serverLogFaults } from "./server-log";

/**
 * Runs a node script without blocking this process (the stand-ins it hosts must keep answering meanwhile). Every
 * output line is echoed and handed to `onLine`.
 */
function run(cmd: string, args: string[], onLine?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cmd, ...args], {
      stdio: ["inherit", onLine ? "pipe" : "inherit", onLine ? "pipe" : "inherit"],
      env: process.env,
    });
    if (onLine) {
      for (const [stream, echo] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ] as const) {
        const lines = lineSplitter(onLine);
        stream?.setEncoding("utf8");
        stream?.on("data", (chunk: string) => {
          echo.write(chunk);
          lines.push(chunk);
        });
        stream?.on("end", () => lines.flush());
      }
    }
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(cmd)} ${args[0] ?? ""} exited with ${code ?? signal}`)),
    );
  });
}

async function main() {
  const browser = await ensureBrowser(machineProbes());
  if (browser.kind === "system") process.env.PLAYWRIGHT_CHROMIUM_PATH = browser.path;
  else process.env.E2E_BROWSER = "playwright";
  console.log(`e2e browser: ${browser.kind === "system" ? browser.path : "Playwright's Chromium"}`);

  let dropDatabase: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    assertLocalDatabase(process.env.DATABASE_URL);
  } else {
    const fresh = await createLocalDatabase(process.env.E2E_POSTGRES_URL ?? DEFAULT_LOCAL_POSTGRES);
    process.env.DATABASE_URL = fresh.url;
    dropDatabase = fresh.drop;
  }

  // Links in emails and next-auth's redirects must point at the server under test; the Inngest executor syncs its
  // /api/inngest as soon as Playwright has started it (emails go out from Inngest functions).
  const origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
  const devstack = await startDevstack({
    portBase: 0,
    inngestAppUrl: `${origin}/api/inngest`,
    twilioInboundUrl: `${origin}/api/twilio/inbound`,
  });
  // Open-Meteo's stand-in (no Google key: places and routes stay on the key-less fallbacks, as on a fresh clone), so
  // weather along the route is deterministic: heavy snow over Minneapolis at every hour (e2e/weather-units.spec.ts).
  const meteo = await startGoogleStandIn({
    weather: (p) =>
      Math.abs(p.lat - 44.9778) < 0.3 && Math.abs(p.lng + 93.265) < 0.3
        ? { temperature_2m: -8, snowfall: 2.5, precipitation: 1.8, rain: 0, weather_code: 75, wind_gusts_10m: 40 }
        : undefined,
  });
  try {
    const { label } = await prepareDatabase({ seedIfEmpty: true });
    console.log(`e2e database: ${label}`);
    Object.assign(process.env, devstack.env, { NEXT_TELEMETRY_DISABLED: "1", APP_URL: origin, NEXTAUTH_URL: origin });
    process.env.OPEN_METEO_BASE_URL = meteo.url;
    // `next start` is production, where push needs configured VAPID keys: the locally generated pair, kept in .data/ so
    // a build reused with E2E_SKIP_BUILD has the same key.
    const vapid = localVapidKeys();
    process.env.NEXT_PUBLIC_VAPID_PUBLIC_KEY ??= vapid.publicKey;
    process.env.VAPID_PRIVATE_KEY ??= vapid.privateKey;
    process.env.NEXT_DIST_DIR ??= ".next-e2e";
    // `npm test` has type-checked already; scripts/e2e.ts run alone still builds fully typed with E2E_TYPECHECK=1.
    if (!process.env.E2E_TYPECHECK) process.env.NEXT_SKIP_TYPECHECK = "1";
    if (!process.env.E2E_SKIP_BUILD) await run("node_modules/next/dist/bin/next", ["build"]);

    // Playwright echoes the server's output as "[WebServer] …" lines (playwright.config.ts pipes it).
    const serverLines: string[] = [];
    const playwright = run("node_modules/@playwright/test/cli.js", ["test", ...process.argv.slice(2)], (line) => {
      if (line.startsWith("[WebServer]")) serverLines.push(line);
    });
    const outcome = await playwright.then(
      () => null,
      (error: unknown) => error,
    );
    const faults = serverLogFaults(serverLines);
    if (faults.length > 0) {
      throw new Error(
        `The server logged ${faults.length} unhandled fault(s) during the run:\n  ${faults.join("\n  ")}`,
      );
    }
    if (outcome) throw outcome;
  } finally {
    await devstack.close();
    await meteo.close();
    await dropDatabase?.().catch((error: unknown) => console.warn(`could not drop the e2e database: ${String(error)}`));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
