// The access log for everything that is not an API route (pages, their RSC payloads on client navigation, server
// actions, OG images): one line per request when the response is done, from Node's own HTTP server events
// (`http.server.request.start` on node:diagnostics_channel), so the status is the one sent and the duration runs until
// the last byte of a streamed page. API routes and tRPC log through withRequestLog (request-log.ts) instead.
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Logger } from "pino";

import { readSessionCookie } from "~/server/auth/session-cookie";
import { REQUEST_ID_HEADER } from "~/server/log/request-id";
import { accessLog } from "~/server/log/request-log";

/** A path segment kept as it is in `route`: a lowercase word such as "shipper", "jobs" or "sign-in". */
const STATIC_SEGMENT = /^[a-z][a-z-]{0,39}$/;
/** A file name from public/ ("sw.js", "icon-192.png"): ids, tokens and references never contain a dot. */
const FILE_SEGMENT = /^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9]{1,12}$/;

/**
 * The route a page URL's path belongs to, safe to log: the query is dropped and every segment that is not a lowercase
 * word or a file name becomes `[id]` ("/driver/jobs/s3f9…" → "/driver/jobs/[id]", "/track/Xy_9…" → "/track/[id]"),
 * so ids, tracking and unsubscribe tokens and references stay out of the log. The app's static segments are all
 * lowercase words; public files keep their names ("/sw.js").
 */
export function pageRoute(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? "/";
  const segments = path.split("/").filter(Boolean);
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return "/[unreadable]";
  }
  return `/${decoded.map((s) => (STATIC_SEGMENT.test(s) || FILE_SEGMENT.test(s) ? s : "[id]")).join("/")}`;
}

/** Whether `url` is logged here: not API routes (withRequestLog logs them) and not build assets or dev tooling. */
export function isPageRequest(url: string): boolean {
  return !/^\/(api|_next)(\/|$|\?)/.test(url) && !url.startsWith("/__nextjs");
}

export type TPageLogLine = {
  method: string;
  route: string;
  /** The payload of a client-side navigation or prefetch (Next.js's `RSC: 1` request), not a full page. */
  rsc?: true;
  status: number;
  durationMs: number;
  userId: string | null;
  requestId: string | null;
  /** The client went away before the response was complete. */
  aborted?: true;
};

/** The signed-in user a request's session cookie names (a cookie next-auth signed; revocation is not checked here). */
async function cookieUser(req: IncomingMessage): Promise<string | null> {
  const cookie = await readSessionCookie(req.headers.cookie).catch(() => null);
  return cookie?.state === "valid" ? cookie.userId : null;
}

/** Logs `req` once its response is done (finished or abandoned): info, warn for 5xx. */
function watch(req: IncomingMessage, res: ServerResponse, log: Logger): void {
  const url = req.url ?? "/";
  if (!isPageRequest(url)) return;
  const started = performance.now();
  res.once("close", () => {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const requestId = res.getHeader(REQUEST_ID_HEADER);
    void cookieUser(req).then((userId) => {
      const line: TPageLogLine = {
        method: req.method ?? "GET",
        route: pageRoute(url),
        ...(req.headers.rsc === "1" ? { rsc: true as const } : {}),
        status: res.statusCode,
        durationMs,
        userId,
        requestId: typeof requestId === "string" ? requestId : null,
        ...(res.writableFinished ? {} : { aborted: true as const }),
      };
      if (res.statusCode >= 500) log.warn(line, "request");
      else log.info(line, "request");
    });
  });
}

const started = Symbol.for("tt.pageAccessLog");

/**
 * Starts the page access log for every HTTP server in this process (Next.js's own), once per process (dev reloads
 * call it again). `log` is the access log by default. Returns a function that stops it (tests).
 */
export function startPageAccessLog(log: Logger = accessLog): () => void {
  const holder = globalThis as { [started]?: () => void };
  if (holder[started]) return holder[started];
  const onStart = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    watch(request, response, log);
  };
  diagnostics.subscribe("http.server.request.start", onStart);
  const stop = () => {
    diagnostics.unsubscribe("http.server.request.start", onStart);
    delete holder[started];
  };
  holder[started] = stop;
  return stop;
}
