// Inngest's single endpoint (SDK_SPEC 4): PUT syncs the functions, POST runs a step, GET introspects. The SDK
// verifies every call's signature with INNGEST_SIGNING_KEY and refuses unsigned ones outside dev mode.
import { serve } from "inngest/next";

import { inngest } from "../../../../inngest/client";
import { functions } from "../../../../inngest";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
