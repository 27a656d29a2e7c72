// GET /api/shipments/<id>/delivery-receipt: the proof-of-delivery receipt as a PDF download, for the shipment's
// shipper and admins. Anyone else (signed out, another shipper, any driver) gets a bare 404, the same as for a
// shipment that does not exist or is not delivered yet.
import { isAppError } from "~/lib/app-error";
import { resolveRequestSession } from "~/server/auth/session";
import { uploadThingConfigFromEnv, utapiFor } from "~/server/integrations/uploadthing/config";
import { withRequestLog } from "~/server/log/request-log";
import { getDeliveryReceipt } from "~/server/services/files/get-delivery-receipt";
import { renderDeliveryReceiptPdf } from "~/server/services/files/render-delivery-receipt-pdf";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/**
 * 200 application/pdf as an attachment named `proof-of-delivery-<reference>.pdf`; 404 when not found or not
 * allowed; 503 with a sentence when storage is not configured or could not give the images back.
 */
async function handleGet(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const { session } = await resolveRequestSession(req.headers);
  if (!session || !/^[\w-]{1,64}$/.test(id)) return new Response(null, { status: 404, headers: NO_STORE });
  const config = uploadThingConfigFromEnv();
  try {
    const receipt = await getDeliveryReceipt({
      viewer: { id: session.user.id, role: session.user.role },
      shipmentId: id,
      utapi: config ? utapiFor(config) : null,
    });
    const pdf = await renderDeliveryReceiptPdf(receipt);
    return new Response(Buffer.from(pdf), {
      status: 200,
      headers: {
        ...NO_STORE,
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="proof-of-delivery-${receipt.reference}.pdf"`,
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "NOT_FOUND") return new Response(null, { status: 404, headers: NO_STORE });
    if (error.code === "NOT_CONFIGURED" || error.code === "INTERNAL") {
      return new Response(error.message, { status: 503, headers: { ...NO_STORE, "retry-after": "30" } });
    }
    throw error;
  }
}

export const GET = withRequestLog("/api/shipments/[id]/delivery-receipt", handleGet);
