// GET /api/tracking/<token>/delivery-photo: the delivered cargo's photo for whoever holds the tracking link (the
// recipient), when the shipper lets the link show it. Redirects to a signed storage URL that expires in
// TRACKING_PHOTO_URL_TTL_S seconds; `?size=full` for the whole photo, the thumbnail otherwise. Any other case is a
// bare 404. The signature and every other file stay behind /api/files/<id>, for the parties only.
import { isAppError } from "~/lib/app-error";
import { ZTrackingTokenSchema } from "~/lib/schemas/shipment";
import { uploadThingConfigFromEnv, utapiFor } from "~/server/integrations/uploadthing/config";
import { withRequestLog } from "~/server/log/request-log";
import { trackingPhotoUrl } from "~/server/services/shipments/tracking-photo";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** 302 to the signed URL; 404 (see trackingPhotoUrl, or a malformed token); 503 when uploads are not configured. */
async function handleGet(req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  if (!ZTrackingTokenSchema.safeParse(token).success) return new Response(null, { status: 404, headers: NO_STORE });
  const config = uploadThingConfigFromEnv();
  if (!config) return new Response("Files are not configured on this server.", { status: 503, headers: NO_STORE });
  try {
    const url = await trackingPhotoUrl({
      token,
      utapi: utapiFor(config),
      size: new URL(req.url).searchParams.get("size") === "full" ? "full" : "thumbnail",
    });
    return new Response(null, {
      status: 302,
      headers: { ...NO_STORE, location: url, "referrer-policy": "no-referrer" },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return new Response(null, { status: 404, headers: NO_STORE });
    throw error;
  }
}

export const GET = withRequestLog("/api/tracking/[token]/delivery-photo", handleGet);
