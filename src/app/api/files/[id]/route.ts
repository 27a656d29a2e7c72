// GET /api/files/<id>: a file for the people allowed to read it. The session decides; an allowed request is
// redirected to a signed storage URL that expires in DOWNLOAD_URL_TTL_S seconds, served as a download with nosniff.
// Anyone else gets a bare 404, the same as for a file that does not exist. `?size=thumbnail` asks for an image's
// thumbnail (the file itself when it has none).
import { isAppError } from "~/lib/app-error";
import { resolveRequestSession } from "~/server/auth/session";
import { uploadThingConfigFromEnv, utapiFor } from "~/server/integrations/uploadthing/config";
import { fileDownloadUrl } from "~/server/services/files/shipment-files";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** 302 to the signed URL; 404 (not found or not allowed, signed out included); 503 when uploads are not configured. */
async function handleGet(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const config = uploadThingConfigFromEnv();
  if (!config) return new Response("Files are not configured on this server.", { status: 503, headers: NO_STORE });
  const { id } = await ctx.params;
  const { session } = await resolveRequestSession(req.headers);
  if (!session || id.length > 64) return new Response(null, { status: 404, headers: NO_STORE });
  try {
    const url = await fileDownloadUrl({
      viewer: { id: session.user.id, role: session.user.role },
      fileId: id,
      utapi: utapiFor(config),
      variant: new URL(req.url).searchParams.get("size") === "thumbnail" ? "thumbnail" : "original",
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

export const GET = withRequestLog("/api/files/[id]", handleGet);
