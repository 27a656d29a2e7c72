// Inngest's single endpoint (SDK_SPEC 4): PUT syncs the functions, POST runs a step, GET introspects. The SDK
// verifies every call's signature with INNGEST_SIGNING_KEY and refuses unsigned ones outside dev mode.
import { serve } from "inngest/next";

import { inngest } from "../../../../inngest/client";
import { functions } from "../../../../inngest";
import { env } from "~/env";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

// In production the URL registered with Inngest is APP_URL's origin + /api/inngest, never one inferred from the
// request's Host header: an unsigned PUT (a sync anyone may trigger) with a forged Host would otherwise re-point
// every background job at another host. Development and the integration tests serve on whatever address the
// local executor syncs (loopback only, see scripts/dev.ts).
const handlers = serve({
  client: inngest,
  functions,
  ...(env.NODE_ENV === "production" ? { serveOrigin: new URL(env.APP_URL).origin } : {}),
});

export const GET = withRequestLog("/api/inngest", handlers.GET);
export const POST = withRequestLog("/api/inngest", handlers.POST);
export const PUT = withRequestLog("/api/inngest", handlers.PUT);
