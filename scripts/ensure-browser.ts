// Finds or gets the Chromium that the end-to-end tests drive, so `npm test` works on a fresh machine: a configured
// or already installed browser first, then Playwright's own download (machines with internet), then Debian's
// `chromium` package (root with apt), else one line saying exactly what to run. The decision takes its probes as
// an argument so a unit test can walk every branch without installing or uninstalling anything.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** Where Debian and Ubuntu put their Chromium. */
export const SYSTEM_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export type TBrowserChoice =
  /** A Chromium binary at `path` (Debian's package or PLAYWRIGHT_CHROMIUM_PATH), launched with `executablePath`. */
  | { kind: "system"; path: string }
  /** The Chromium build Playwright downloads into its cache, launched without `executablePath`. */
  | { kind: "playwright" };

export type TBrowserProbes = {
  /** PLAYWRIGHT_CHROMIUM_PATH: an explicit binary; E2E_BROWSER=playwright: prefer Playwright's own build. */
  env: { PLAYWRIGHT_CHROMIUM_PATH?: string; E2E_BROWSER?: string };
  exists: (path: string) => boolean;
  /** Whether Playwright's own Chromium is in its cache and starts. */
  playwrightBrowserWorks: () => Promise<boolean>;
  /** Runs a command with its output shown; resolves to whether it exited 0. */
  run: (command: string, args: string[]) => Promise<boolean>;
  isRoot: () => boolean;
  log: (message: string) => void;
};

export class BrowserUnavailableError extends Error {
  override name = "BrowserUnavailableError";
}

/** The one line a person needs when nothing could be installed automatically. */
export const NO_BROWSER_MESSAGE =
  "No Chromium for the end-to-end tests, and none could be installed. Run `sudo apt-get install -y chromium` " +
  "(Debian/Ubuntu) or `npx playwright install --with-deps chromium`, or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.";

/**
 * Picks the browser for the e2e run, installing one when none is there. Order: PLAYWRIGHT_CHROMIUM_PATH (must
 * exist), Playwright's build when E2E_BROWSER=playwright, an installed Debian Chromium, an installed Playwright
 * build, `playwright install chromium` (needs internet), `apt-get install -y chromium` (needs root and apt).
 * Throws BrowserUnavailableError with NO_BROWSER_MESSAGE (or the bad path) when all of them fail.
 */
export async function ensureBrowser(p: TBrowserProbes): Promise<TBrowserChoice> {
  const explicit = p.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (explicit) {
    if (p.exists(explicit)) return { kind: "system", path: explicit };
    throw new BrowserUnavailableError(`PLAYWRIGHT_CHROMIUM_PATH=${explicit} does not exist. ${NO_BROWSER_MESSAGE}`);
  }
  const preferPlaywright = p.env.E2E_BROWSER === "playwright";
  const system = () => SYSTEM_CHROMIUM_PATHS.find((path) => p.exists(path));

  if (!preferPlaywright) {
    const path = system();
    if (path) return { kind: "system", path };
  }
  if (await p.playwrightBrowserWorks()) return { kind: "playwright" };

  p.log("No Chromium found: trying Playwright's download (`playwright install chromium`).");
  if (
    (await p.run(process.execPath, ["node_modules/@playwright/test/cli.js", "install", "chromium"])) &&
    (await p.playwrightBrowserWorks())
  ) {
    return { kind: "playwright" };
  }

  if (p.isRoot() && p.exists("/usr/bin/apt-get")) {
    p.log("Playwright's download failed: installing Debian's chromium with apt-get.");
    if ((await p.run("apt-get", ["update", "-qq"])) && (await p.run("apt-get", ["install", "-y", "-qq", "chromium"]))) {
      const path = system();
      if (path) return { kind: "system", path };
    }
  }
  throw new BrowserUnavailableError(NO_BROWSER_MESSAGE);
}

/** The real machine: files, processes, the user id, and a short headless launch of Playwright's build. */
export function machineProbes(): TBrowserProbes {
  return {
    env: { PLAYWRIGHT_CHROMIUM_PATH: process.env.PLAYWRIGHT_CHROMIUM_PATH, E2E_BROWSER: process.env.E2E_BROWSER },
    exists: existsSync,
    playwrightBrowserWorks: async () => {
      const { chromium } = await import("@playwright/test");
      if (!existsSync(chromium.executablePath())) return false;
      try {
        // A downloaded build can still miss system libraries (`--with-deps` installs them): only a launch tells.
        const browser = await chromium.launch({ timeout: 30_000 });
        await browser.close();
        return true;
      } catch {
        return false;
      }
    },
    run: (command, args) =>
      new Promise((resolve) => {
        // apt-get must not stop to ask questions.
        const child = spawn(command, args, {
          stdio: "inherit",
          env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        });
        child.on("error", () => resolve(false));
        child.on("exit", (code) => resolve(code === 0));
      }),
    isRoot: () => process.getuid?.() === 0,
    log: (message) => console.log(message),
  };
}
