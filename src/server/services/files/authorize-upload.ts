// Who may upload to which route for which shipment (src/lib/upload-rules.ts `uploaders`): documents and cargo photos
// by the shipment's parties (its shipper, its assigned driver, admins); proof-of-delivery photo and signature by the
// assigned driver only, while the load is in transit. Anyone else gets NOT_FOUND, as for reading the shipment.
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { AppError } from "~/lib/app-error";
import { UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";
import { db } from "~/server/db";
import { accessFor, notFound, type TViewer } from "~/server/services/shipments/access";

type TDb = PrismaClient | Prisma.TransactionClient;

/**
 * Checks that `viewer` may upload to `route` for shipment `shipmentId`; resolves to the shipment's id and reference.
 *
 * @throws AppError NOT_FOUND (no such shipment, or not one of its parties / not its assigned driver),
 *   CONFLICT (cancelled shipment; proof of delivery before the load is in transit or after it was delivered).
 */
export async function authorizeUpload(
  opts: { viewer: TViewer; route: TUploadRoute; shipmentId: string },
  tx: TDb = db,
): Promise<{ id: string; reference: string }> {
  const s = await tx.shipment.findUnique({
    where: { id: opts.shipmentId },
    select: { id: true, reference: true, status: true, shipperId: true, driverId: true },
  });
  if (!s) throw notFound();
  const access = accessFor(opts.viewer, s);
  const rule = UPLOAD_RULES[opts.route];
  if (rule.uploaders === "assigned-driver") {
    if (access !== "assigned-driver") throw notFound();
    if (s.status !== "IN_TRANSIT") {
      throw new AppError("CONFLICT", "Proof of delivery is taken at the drop-off, while the load is in transit.");
    }
  } else {
    if (access !== "owner" && access !== "assigned-driver" && access !== "admin") throw notFound();
    if (s.status === "CANCELLED")
      throw new AppError("CONFLICT", "This shipment is cancelled: nothing more can be added.");
  }
  return { id: s.id, reference: s.reference };
}
