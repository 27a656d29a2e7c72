// Cron, hourly at :40 UTC: uploads never attached for 24 hours are deleted through UTApi, with their rows
// (src/server/services/files/delete-files.ts sweepOrphanUploads): proof photos and signatures no delivery used, and
// stored objects no File row names. Idempotent: a second run finds nothing. Does nothing when uploads are off.
import { cron } from "inngest";

import { inngest } from "../client";
import { uploadThingConfigFromEnv, utapiFor } from "~/server/integrations/uploadthing/config";
import { sweepOrphanUploads } from "~/server/services/files/delete-files";

export const sweepOrphanUploadsFn = inngest.createFunction(
  { id: "sweep-orphan-uploads", triggers: [cron("TZ=UTC 40 * * * *")], concurrency: 1 },
  async ({ event, step }) => {
    const config = uploadThingConfigFromEnv();
    if (!config) return { rows: 0, objects: 0, configured: false };
    const now = new Date(event.ts ?? Date.now());
    const swept = await step.run("sweep", () => sweepOrphanUploads({ utapi: utapiFor(config), now }));
    return { ...swept, configured: true };
  },
);
