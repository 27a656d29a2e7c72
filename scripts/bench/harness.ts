// What the benchmarks share (`npm run bench`, `npm run bench:realtime`): the BENCH output line, percentiles, the
// server's CPU clock, and the production build started as `npm start` runs it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** Prints one result as `BENCH <name> <value> <unit>` (value rounded to 0.1), the line CI and the note read. */
export function bench(name: string, value: number, unit: string): void {
  console.log(`BENCH ${name} ${Math.round(value * 10) / 10} ${unit}`);
}

/** The value at percentile `p` (0-100) of an ascending array, nearest-rank; 0 for an empty array. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** CPU milliseconds (user + system, all threads) used so far by a process; null where /proc is missing. */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return null;
  }
}

/** Resolves once `GET {base}/api/health` answers 2xx; throws after 60 s, or as soon as `server` has exited. */
export async function waitForServer(base: string, server?: ChildProcess): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (server && (server.exitCode !== null || server.signalCode !== null)) {
      throw new Error(`server exited (${server.exitCode ?? server.signalCode}) before it answered`);
    }
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

/**
 * Stripe settings for a benchmark's production server, which must have them to start (src/env.js) but takes no
 * payment in any benchmark: configured keys win; otherwise key-shaped placeholders (no secret) and a Stripe host on a
 * closed local port, so a stray call fails at once on this machine instead of reaching api.stripe.com.
 */
export function benchStripeEnv(): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY ?? "sk_test_benchmark_takes_no_payments",
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_benchmark_takes_no_payments",
    STRIPE_API_HOST: process.env.STRIPE_API_HOST ?? "127.0.0.1",
    STRIPE_API_PORT: process.env.STRIPE_API_PORT ?? "9",
    STRIPE_API_PROTOCOL: process.env.STRIPE_API_PROTOCOL ?? "http",
  };
}

/**
 * Runs `next build` into `env.NEXT_DIST_DIR` unless BENCH_SKIP_BUILD is set and that directory holds a build.
 * Throws when the build fails.
 */
export function buildNextIfNeeded(env: NodeJS.ProcessEnv): void {
  const distDir = env.NEXT_DIST_DIR ?? ".next";
  if (process.env.BENCH_SKIP_BUILD && existsSync(`${distDir}/BUILD_ID`)) return;
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) throw new Error("next build failed");
}

/**
 * Starts the production server on 127.0.0.1:`port` as `npm start` runs it (`nodeFlags` are added, e.g.
 * `--cpu-prof`). The caller kills it (SIGTERM) when done.
 */
export function startNext(opts: { port: number; env: NodeJS.ProcessEnv; nodeFlags?: string[] }): ChildProcess {
  return spawn(
    process.execPath,
    // As `npm start` runs it: a larger young generation cut server CPU per request by about 7 % here.
    [
      "--max-semi-space-size=32",
      ...(opts.nodeFlags ?? []),
      "node_modules/next/dist/bin/next",
      "start",
      "-p",
      String(opts.port),
      "-H",
      "127.0.0.1",
    ],
    { env: opts.env, stdio: ["ignore", "ignore", "inherit"] },
  );
}
