// Inngest function failures reach the log and Sentry: every failed attempt is a warning in the log, and the last
// attempt (retries exhausted, or a NonRetriableError) is an error there and an event in Sentry (a no-op without
// SENTRY_DSN). Installed on the client (inngest/client.ts), so every function has it.
import * as Sentry from "@sentry/nextjs";
import { Middleware } from "inngest";

import { logger } from "~/server/log/logger";

const log = logger.child({ module: "inngest" });

/** Reports failed function runs; see the file comment. */
export class MonitoringMiddleware extends Middleware.BaseMiddleware {
  readonly id = "trial-transport:monitoring";

  override onRunError({ error, fn, ctx, isFinalAttempt }: Middleware.OnRunErrorArgs): void {
    const fields = { fn: fn.id(), runId: ctx.runId, attempt: ctx.attempt, event: ctx.event.name, err: error };
    if (!isFinalAttempt) {
      log.warn(fields, `Inngest function ${fn.id()} failed; it will be retried`);
      return;
    }
    log.error(fields, `Inngest function ${fn.id()} failed for good`);
    Sentry.captureException(error, {
      tags: { inngestFunction: fn.id(), inngestRunId: ctx.runId, inngestEvent: ctx.event.name },
    });
  }
}
