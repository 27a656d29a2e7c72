// Spotlight, Sentry's local viewer (`@spotlightjs/spotlight`), for `npm run dev`: its sidecar takes the Sentry SDK's
// envelopes on POST /stream and shows them at its root URL, with no Sentry account. Started from its library entry
// rather than its CLI: the CLI starts Sentry's own telemetry for the tool (a hard-coded DSN at sentry.io), the library
// does not, so with Spotlight on nothing leaves the machine.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { DEFAULT_PORT_BASE, PORT_OFFSETS, portBaseFromEnv } from "./start";

/** The header a Spotlight sidecar answers with (its SERVER_IDENTIFIER), to tell one from another server. */
const SPOTLIGHT_IDENTIFIER = "spotlight-by-sentry";

export type TSpotlightSidecar = {
  /** The sidecar's port (the one asked for, or the free one picked for 0). */
  port: number;
  /** Where SDKs send envelopes: `http://localhost:<port>/stream` (SENTRY_SPOTLIGHT). */
  streamUrl: string;
  /** The viewer: `http://localhost:<port>`. */
  uiUrl: string;
  /** False when a Spotlight sidecar was already listening on the port: this one reuses it and closes nothing. */
  started: boolean;
  close(): Promise<void>;
};

/** The sidecar's port in `npm run dev`: DEVSTACK_PORT_BASE (default 4000) + 16, or a free port (0) for a base of 0. */
export function spotlightPort(env: Record<string, string | undefined> = process.env): number {
  const base = portBaseFromEnv(env) ?? DEFAULT_PORT_BASE;
  return base === 0 ? 0 : base + PORT_OFFSETS.spotlight;
}

/** Whether `port` can be listened on (all interfaces, as the sidecar listens). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** Whether a Spotlight sidecar answers on `port` (its /health carries its identifier). */
async function spotlightAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://localhost:${port}/health`, { signal: AbortSignal.timeout(1000) });
    return res.headers.get("x-powered-by") === SPOTLIGHT_IDENTIFIER;
  } catch {
    return false;
  }
}

/** The viewer's files (index.html and the assets its manifest lists), from the installed package. */
function uiFiles(): Record<string, Buffer> {
  const uiDir = join(dirname(fileURLToPath(import.meta.resolve("@spotlightjs/spotlight"))), "../ui");
  const manifest = JSON.parse(readFileSync(join(uiDir, "manifest.json"), "utf8")) as Record<string, unknown>;
  const files: Record<string, Buffer> = Object.create(null) as Record<string, Buffer>;
  files["index.html"] = readFileSync(join(uiDir, "index.html"));
  for (const entry of Object.values(manifest)) {
    if (entry && typeof entry === "object" && "file" in entry && typeof entry.file === "string") {
      files[entry.file] = readFileSync(join(uiDir, entry.file));
    }
  }
  return files;
}

/**
 * Starts a Spotlight sidecar on `port` (0 = a free port). When the port is taken by another Spotlight sidecar (a
 * second `npm run dev`), reuses it; when it is taken by anything else, returns null (the caller runs without
 * Spotlight) rather than failing. The sidecar listens on every interface (the library has no host option).
 */
export async function startSpotlightSidecar(port: number): Promise<TSpotlightSidecar | null> {
  const urls = (p: number) => ({ port: p, streamUrl: `http://localhost:${p}/stream`, uiUrl: `http://localhost:${p}` });
  if (port !== 0 && !(await portFree(port))) {
    return (await spotlightAnswers(port)) ? { ...urls(port), started: false, close: async () => {} } : null;
  }
  const { startServer } = await import("@spotlightjs/spotlight");
  const server: Server = await startServer({ port, filesToServe: uiFiles() });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    ...urls(actual),
    started: true,
    close: () =>
      new Promise<void>((resolve) => {
        // The viewer holds an event stream open; close it too, or close() waits for the browser.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
