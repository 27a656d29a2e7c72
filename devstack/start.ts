/**
 * Starts every local stand-in (for now: Resend) and hands back the env vars the app
 * should run with.
 *
 *   import { startDevstack } from "./devstack/start";
 *   const stack = await startDevstack();
 *   // spawn the app with { ...process.env, ...stack.env }
 *   await stack.close();
 *
 * Run directly (`tsx devstack/start.ts` / `npm run devstack`) it prints the env lines
 * on stdout (KEY=value, one per line; everything else goes to stderr) and stays up
 * until SIGINT/SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startResendStandIn, type ResendStandIn } from "./resend/server";

export const DEFAULT_RESEND_PORT = 4010;

export interface DevstackOptions {
  /** Port for the Resend stand-in; defaults to 4010. 0 picks a free port. */
  resendPort?: number;
  /** Also append each accepted email as a JSON line to this file. */
  resendOutboxFile?: string;
}

export interface Devstack {
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDevstack(opts: DevstackOptions = {}): Promise<Devstack> {
  const resendApiKey = `re_local_${randomBytes(16).toString("hex")}`;
  let resend: ResendStandIn;
  try {
    resend = await startResendStandIn({
      port: opts.resendPort ?? DEFAULT_RESEND_PORT,
      host: "127.0.0.1",
      apiKey: resendApiKey,
      outboxFile: opts.resendOutboxFile,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new Error(
        `devstack: port ${opts.resendPort ?? DEFAULT_RESEND_PORT} for the Resend stand-in is already in use (another devstack running?)`,
        { cause: err },
      );
    }
    throw err;
  }

  return {
    env: {
      RESEND_BASE_URL: resend.url,
      RESEND_API_KEY: resendApiKey,
    },
    close: () => resend.close(),
  };
}

function isRunDirectly(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href;
}

async function main(): Promise<void> {
  const outboxFile = resolve(".devstack/resend/outbox.jsonl");
  const stack = await startDevstack({ resendOutboxFile: outboxFile });
  for (const [key, value] of Object.entries(stack.env)) process.stdout.write(`${key}=${value}\n`);
  const base = stack.env.RESEND_BASE_URL ?? "";
  process.stderr.write(
    `devstack: Resend stand-in on ${base} (outbox: GET ${base}/__outbox, also appended to ${outboxFile}). Ctrl-C to stop.\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`devstack: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`devstack: ${signal}, shutting down\n`);
    stack.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("devstack: error while closing", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (isRunDirectly()) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
