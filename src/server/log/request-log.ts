// The access log: one JSON line per API request (method, route, tRPC paths, status, duration, user, request id),
// written when the handler has produced its response, and the request id returned on that response.
import { currentRequest, logger, runWithRequest, type TRequestContext } from "~/server/log/logger";
import { REQUEST_ID_HEADER, requestIdOf } from "~/server/log/request-id";

/** The access log (one line per API request). */
export const accessLog = logger.child({ module: "http" });

/** Records the signed-in user of the request being served (called where the session is resolved). */
export function noteRequestUser(userId: string | null): void {
  const request = currentRequest();
  if (request && userId) request.userId = userId;
}

/** The procedures a tRPC URL names: `/api/trpc/a.b,c.d` -> "a.b,c.d". */
function trpcPaths(pathname: string): string | undefined {
  const match = /^\/api\/trpc\/([^/?]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/** `response` with the request id header set (copying it when its headers are immutable, as fetch's are). */
function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    return copy;
  }
}

/**
 * Wraps a route handler: runs it inside the request's context (its id, from the proxy's `x-request-id` or new),
 * sets `x-request-id` on the response and logs `{ method, route, trpc?, status, durationMs, userId, requestId }`
 * at info (warn for 5xx). A handler that throws is logged at error with status 500 and the error rethrown, so
 * Next.js answers as before. `route` is the route's pattern (`/api/files/[id]`), not the URL, so ids and tokens in
 * URLs stay out of the log. Duration is milliseconds until the handler returned its response (streamed bodies may
 * finish later).
 */
export function withRequestLog<TReq extends Request, TArgs extends unknown[]>(
  route: string,
  handler: (req: TReq, ...rest: TArgs) => Promise<Response> | Response,
): (req: TReq, ...rest: TArgs) => Promise<Response> {
  return async (req, ...rest) => {
    const context: TRequestContext = { requestId: requestIdOf(req.headers), userId: null };
    const started = performance.now();
    const line = (status: number) => ({
      method: req.method,
      route,
      trpc: route === "/api/trpc" ? trpcPaths(new URL(req.url).pathname) : undefined,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      userId: context.userId,
    });
    return runWithRequest(context, async () => {
      try {
        const response = await handler(req, ...rest);
        const entry = line(response.status);
        if (response.status >= 500) accessLog.warn(entry, "request");
        else accessLog.info(entry, "request");
        return withRequestIdHeader(response, context.requestId);
      } catch (error) {
        accessLog.error({ ...line(500), err: error }, "request failed");
        throw error;
      }
    });
  };
}
