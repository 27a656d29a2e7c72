// The server's one logger: JSON lines (pino) in production and tests, pretty lines in development. Every line goes
// through `redact` first, and lines written while a request is being served carry its request id.
import { AsyncLocalStorage } from "node:async_hooks";

import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

import { env } from "~/env";
import { redact } from "~/server/log/redact";

/** What the server knows about the request being served; `userId` is filled in once the session is read. */
export type TRequestContext = { requestId: string; userId: string | null };

const requestStore = new AsyncLocalStorage<TRequestContext>();

/** Runs `fn` with `context` as the current request's (read by `currentRequest` and stamped on every log line). */
export function runWithRequest<T>(context: TRequestContext, fn: () => T): T {
  return requestStore.run(context, fn);
}

/** The request being served, or undefined outside one (a cron, a script, start-up). */
export function currentRequest(): TRequestContext | undefined {
  return requestStore.getStore();
}

/**
 * A logger writing to `destination` (default: stdout, pretty in development). Level: `level`, else LOG_LEVEL,
 * else "silent" under Vitest (tests that assert on logs pass their own destination) and "info" elsewhere.
 */
export function createLogger(opts: { destination?: DestinationStream; level?: string } = {}): Logger {
  const destination =
    opts.destination ??
    (env.NODE_ENV === "development" ? pretty({ sync: true, colorize: true, ignore: "pid,hostname" }) : undefined);
  return pino(
    {
      level: opts.level ?? env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "silent" : "info"),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // The merging object (fields, errors) is redacted; the message string is masked by the same rules below.
        log: (object) => redact(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const request = requestStore.getStore();
          const masked: unknown[] = args.map((arg) => (typeof arg === "string" ? redact(arg) : arg));
          // pino's `logger.error(err, "msg")`: keep the error under `err` so the merge below does not flatten it.
          if (masked[0] instanceof Error) {
            const err = masked[0];
            masked[0] = { err };
            if (typeof masked[1] !== "string") masked.splice(1, 0, redact(err.message));
          }
          if (request && typeof masked[0] === "object" && masked[0] !== null) {
            masked[0] = { requestId: request.requestId, ...(masked[0] as object) };
          } else if (request) {
            masked.unshift({ requestId: request.requestId });
          }
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** The process-wide logger. Prefer `logger.child({ module: "…" })` in a module. */
export const logger: Logger = createLogger();
