// Where server failures are reported: the log (always) and Sentry (when SENTRY_DSN is set; captureException is a
// no-op otherwise). Refusals the user caused (4xx) are routine and stay out of Sentry.
import * as Sentry from "@sentry/nextjs";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { TRPCError } from "@trpc/server";

import { env } from "~/env";
import { currentRequest, logger } from "~/server/log/logger";

const log = logger.child({ module: "errors" });

/**
 * Reports a tRPC procedure's error. Status >= 500 (INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE…): logged at error
 * with its cause and captured by Sentry, tagged with the procedure path and request id. Below 500: logged at info
 * in development (to see refusals while building) and debug elsewhere, never captured.
 */
export function reportTrpcError(path: string | undefined, error: TRPCError): void {
  const status = getHTTPStatusCodeFromError(error);
  const requestId = currentRequest()?.requestId;
  const fields = { trpc: path ?? null, code: error.code, status };
  if (status < 500) {
    log[env.NODE_ENV === "development" ? "info" : "debug"](fields, `tRPC ${path ?? "?"} refused: ${error.message}`);
    return;
  }
  log.error({ ...fields, err: error.cause ?? error }, `tRPC ${path ?? "?"} failed`);
  Sentry.captureException(error.cause ?? error, {
    tags: { trpc: path ?? "unknown", trpcCode: error.code, ...(requestId ? { requestId } : {}) },
  });
}

/**
 * Reports an error Next.js caught while rendering or running a route (instrumentation's `onRequestError`): logged
 * with the request's id and the digest the error boundary shows as its reference. Sentry captures these itself
 * through `captureRequestError` (src/instrumentation.ts).
 */
export function reportRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routePath: string; routeType: string },
): void {
  const digest = (error as { digest?: unknown } | null)?.digest;
  const requestId = request.headers["x-request-id"];
  log.error(
    {
      err: error,
      requestId: typeof requestId === "string" ? requestId : undefined,
      digest: typeof digest === "string" ? digest : undefined,
      method: request.method,
      route: context.routePath,
      routeType: context.routeType,
    },
    `${context.routeType} ${context.routePath} failed`,
  );
}
