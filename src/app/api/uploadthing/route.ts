// UploadThing's route: the browser asks here for presigned upload URLs (the file router's middleware authorises),
// and UploadThing (or the devstack stand-in) posts its signed upload callbacks here, verified by the SDK with the
// token's key. Without UPLOADTHING_TOKEN uploads are not configured and every call says so (503).
import { createRouteHandler } from "uploadthing/next";
import { uploadThingConfigFromEnv } from "~/server/integrations/uploadthing/config";
import { createFileRouter } from "~/server/uploads/file-router";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

const config = uploadThingConfigFromEnv();

function notConfigured(): Response {
  return Response.json(
    { message: "Uploads are not configured on this server (UPLOADTHING_TOKEN is not set)." },
    { status: 503, headers: { "cache-control": "no-store" } },
  );
}

const handlers = config
  ? createRouteHandler({ router: createFileRouter(config), config: { ...config, logLevel: "Error" } })
  : { GET: notConfigured, POST: notConfigured };

export const GET = withRequestLog("/api/uploadthing", handlers.GET);
export const POST = withRequestLog("/api/uploadthing", handlers.POST);
