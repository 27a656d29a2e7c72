import { existsSync } from "node:fs";

import { defineConfig, devices } from "@playwright/test";

// Chromium: the one scripts/ensure-browser.ts chose (PLAYWRIGHT_CHROMIUM_PATH, or E2E_BROWSER=playwright for
// Playwright's own build); run directly, Debian's /usr/bin/chromium when present.
const systemChromium =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ??
  (process.env.E2E_BROWSER !== "playwright" && existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  // Every spec makes its own users and data (e2e/fixtures.ts), so tests run side by side. Two workers suit a
  // two-core machine that also runs the server; E2E_WORKERS overrides.
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // A trace records screenshots and DOM snapshots at every step: recording it for every test cost more browser CPU
    // than the server used. A failing test is retried in CI, and the retry records the trace.
    trace:
      (process.env.E2E_TRACE as "on" | "off" | "retain-on-failure" | "on-first-retry" | undefined) ?? "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: systemChromium
      ? {
          executablePath: systemChromium,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        }
      : {},
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: /mobile\.spec\.ts/,
      grepInvert: /@pusher-restart/,
      teardown: "pusher-restart",
    },
    { name: "phone", use: { ...devices["Pixel 7"] }, testMatch: /mobile\.spec\.ts/ },
    // Tests that restart the shared Pusher stand-in drop every open page's connection, so they run after the desktop
    // project's tests have finished (as its teardown), never beside a test that waits for a live event.
    { name: "pusher-restart", use: { ...devices["Desktop Chrome"] }, grep: /@pusher-restart/ },
  ],
  webServer: {
    // The production server as `npm start` runs it. Its output is piped so scripts/e2e.ts can fail the run on an
    // unhandled fault in it.
    command: `node --max-semi-space-size=32 node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
