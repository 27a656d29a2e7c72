import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { clearedSessionCookie, readSessionCookie } from "~/server/auth/session-cookie";
import { reportTrpcError } from "~/server/log/report-error";
import { withRequestLog } from "~/server/log/request-log";
import { TRPC_MAX_BATCH_SIZE } from "~/trpc/batch";

// Answers are personal (sessions, addresses, payouts) or live: no browser or shared cache may keep them.
const noStore = { "cache-control": "no-store" };

async function handler(req: Request): Promise<Response> {
  // API routes skip the proxy (see its matcher), so this route tells the browser itself to drop an unreadable
  // session cookie; the context already reads one as signed out. A second decode costs about 15 µs of CPU.
  const unreadable = (await readSessionCookie(req.headers.get("cookie"))).state === "invalid";
  const headers = unreadable ? { ...noStore, "set-cookie": clearedSessionCookie() } : noStore;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: () => createTRPCContext({ headers: req.headers }),
    responseMeta: () => ({ headers }),
    onError: ({ path, error }) => reportTrpcError(path, error),
  });
}

const logged = withRequestLog("/api/trpc", handler);
export { logged as GET, logged as POST };
