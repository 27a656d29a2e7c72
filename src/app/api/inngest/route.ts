// Inngest's single endpoint (SDK_SPEC 4): PUT syncs the functions, POST runs a step, GET introspects. The SDK
// verifies every call's signature with INNGEST_SIGNING_KEY and refuses unsigned ones outside dev mode.
import { serve } from "inngest/next";

import { inngest } from "../../../../inngest/client";
import { functions } from "../../../../inngest";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

const handlers = serve({ client: inngest, functions });

export const GET = withRequestLog("/api/inngest", handlers.GET);
export const POST = withRequestLog("/api/inngest", handlers.POST);
export const PUT = withRequestLog("/api/inngest", handlers.PUT);
