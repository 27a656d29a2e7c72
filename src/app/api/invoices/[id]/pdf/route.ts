// GET /api/invoices/<id>/pdf: a shipment invoice as a PDF download, for the shipper it bills and for admins.
// Anyone else (signed out included) gets a bare 404, the same as for an invoice that does not exist.
import { isAppError } from "~/lib/app-error";
import { resolveRequestSession } from "~/server/auth/session";
import { getInvoiceDocument } from "~/server/services/invoices/get-invoice-document";
import { renderInvoicePdf } from "~/server/services/invoices/render-invoice-pdf";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

/** 200 application/pdf as an attachment named `<number>.pdf`; 404 when not found or not allowed. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const { session } = await resolveRequestSession(req.headers);
  if (!session || !/^[\w-]{1,64}$/.test(id)) return new Response(null, { status: 404, headers: NO_STORE });
  try {
    const doc = await getInvoiceDocument({ id: session.user.id, role: session.user.role }, id);
    const pdf = await renderInvoicePdf(doc);
    return new Response(Buffer.from(pdf), {
      status: 200,
      headers: {
        ...NO_STORE,
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${doc.number}.pdf"`,
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return new Response(null, { status: 404, headers: NO_STORE });
    throw error;
  }
}
