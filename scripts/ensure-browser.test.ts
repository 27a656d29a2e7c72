// The browser decision of `npm run test:e2e`, walked with injected probes: nothing is installed or removed.
import { describe, expect, it } from "vitest";

import { BrowserUnavailableError, ensureBrowser, NO_BROWSER_MESSAGE, type TBrowserProbes } from "./ensure-browser";

type TMachine = {
  env?: TBrowserProbes["env"];
  files?: string[];
  playwrightInstalled?: boolean;
  internet?: boolean;
  root?: boolean;
  aptWorks?: boolean;
};

/** A pretend machine whose commands change its state the way the real ones would; it records what ran. */
function machine(m: TMachine) {
  const files = new Set(m.files ?? []);
  let playwrightInstalled = m.playwrightInstalled ?? false;
  const ran: string[] = [];
  const probes: TBrowserProbes = {
    env: m.env ?? {},
    exists: (path) => files.has(path),
    playwrightBrowserWorks: () => Promise.resolve(playwrightInstalled),
    run: (command, args) => {
      ran.push([command, ...args].join(" ").replace(process.execPath, "node"));
      if (args.join(" ").endsWith("cli.js install chromium")) {
        playwrightInstalled = m.internet ?? false;
        return Promise.resolve(playwrightInstalled);
      }
      if (command === "apt-get") {
        if (args[0] === "install" && m.aptWorks) files.add("/usr/bin/chromium");
        return Promise.resolve(m.aptWorks ?? false);
      }
      return Promise.resolve(false);
    },
    isRoot: () => m.root ?? false,
    log: () => undefined,
  };
  return { probes, ran };
}

describe("ensureBrowser", () => {
  it("uses PLAYWRIGHT_CHROMIUM_PATH when it exists, and names it when it does not", async () => {
    const ok = machine({ env: { PLAYWRIGHT_CHROMIUM_PATH: "/opt/chrome" }, files: ["/opt/chrome"] });
    expect(await ensureBrowser(ok.probes)).toEqual({ kind: "system", path: "/opt/chrome" });
    const missing = machine({ env: { PLAYWRIGHT_CHROMIUM_PATH: "/opt/chrome" }, files: ["/usr/bin/chromium"] });
    await expect(ensureBrowser(missing.probes)).rejects.toThrow("PLAYWRIGHT_CHROMIUM_PATH=/opt/chrome does not exist");
  });

  it("uses an installed Debian Chromium and installs nothing", async () => {
    const m = machine({ files: ["/usr/bin/apt-get", "/usr/bin/chromium"], root: true, internet: true });
    expect(await ensureBrowser(m.probes)).toEqual({ kind: "system", path: "/usr/bin/chromium" });
    expect(m.ran).toEqual([]);
  });

  it("uses Playwright's installed build when there is no system Chromium", async () => {
    const m = machine({ playwrightInstalled: true });
    expect(await ensureBrowser(m.probes)).toEqual({ kind: "playwright" });
    expect(m.ran).toEqual([]);
  });

  it("prefers Playwright's build over the system one when E2E_BROWSER=playwright", async () => {
    const m = machine({ env: { E2E_BROWSER: "playwright" }, files: ["/usr/bin/chromium"], internet: true });
    expect(await ensureBrowser(m.probes)).toEqual({ kind: "playwright" });
    expect(m.ran).toEqual(["node node_modules/@playwright/test/cli.js install chromium"]);
  });

  it("downloads Playwright's build on a machine with internet", async () => {
    const m = machine({ files: ["/usr/bin/apt-get"], root: true, internet: true, aptWorks: true });
    expect(await ensureBrowser(m.probes)).toEqual({ kind: "playwright" });
    expect(m.ran).toEqual(["node node_modules/@playwright/test/cli.js install chromium"]);
  });

  it("falls back to apt-get as root when the download fails (this machine: no internet but Debian's mirror)", async () => {
    const m = machine({ files: ["/usr/bin/apt-get"], root: true, internet: false, aptWorks: true });
    expect(await ensureBrowser(m.probes)).toEqual({ kind: "system", path: "/usr/bin/chromium" });
    expect(m.ran).toEqual([
      "node node_modules/@playwright/test/cli.js install chromium",
      "apt-get update -qq",
      "apt-get install -y -qq chromium",
    ]);
  });

  it("says exactly what to run when it is not root, or apt fails, or there is no apt", async () => {
    for (const m of [
      machine({ files: ["/usr/bin/apt-get"], root: false }),
      machine({ files: ["/usr/bin/apt-get"], root: true, aptWorks: false }),
      machine({ root: true }),
    ]) {
      const error = await ensureBrowser(m.probes).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrowserUnavailableError);
      expect((error as Error).message).toBe(NO_BROWSER_MESSAGE);
      expect(m.ran.filter((line) => line.startsWith("apt-get install")).length).toBeLessThanOrEqual(1);
    }
  });
});
