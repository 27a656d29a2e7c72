// Cron: re-sends outbox events that were never acknowledged (src/server/services/outbox/relay-outbox.ts). Bounded
// per run and safe to run twice (Inngest drops an event id it has seen); the server also sweeps once at start.
import { cron } from "inngest";

import { inngest } from "../client";
import { relayOutbox } from "~/server/services/outbox/relay-outbox";

export const relayOutboxFn = inngest.createFunction(
  { id: "relay-outbox", triggers: [cron("*/5 * * * *")], concurrency: 1 },
  async ({ step }) => step.run("relay", () => relayOutbox()),
);
