import { z } from "zod";

import { ZIdSchema } from "~/lib/schemas/primitives";
import { createTRPCRouter, roleProcedure } from "~/server/api/trpc";
import { getProofOfDelivery, listShipmentFiles } from "~/server/services/files/shipment-files";

export const ZShipmentFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["PHOTO", "VIDEO", "DOCUMENT", "POD_PHOTO", "SIGNATURE"]),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.date(),
  /** Pixels, for images (which then have a thumbnail at `/api/files/<id>?size=thumbnail`); null otherwise. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  owner: z.object({ name: z.string(), role: z.enum(["SHIPPER", "DRIVER", "ADMIN"]) }),
});

export const filesRouter = createTRPCRouter({
  /**
   * The files on shipment `shipmentId`, newest first (see listShipmentFiles); each downloads from
   * `/api/files/<id>`. Sizes in bytes, `createdAt` an instant. Errors: NOT_FOUND unless the caller is its shipper,
   * its assigned driver or an admin.
   */
  list: roleProcedure("SHIPPER", "DRIVER", "ADMIN")
    .input(z.object({ shipmentId: ZIdSchema }))
    .output(z.array(ZShipmentFileSchema))
    .query(({ ctx, input }) => listShipmentFiles({ viewer: ctx.session.user, shipmentId: input.shipmentId })),

  /**
   * The proof of delivery of shipment `shipmentId`, or null before delivery (see getProofOfDelivery): photo and
   * signature are file ids for `/api/files/<id>`, `lat`/`lng` degrees. Errors: NOT_FOUND unless a party.
   */
  proofOfDelivery: roleProcedure("SHIPPER", "DRIVER", "ADMIN")
    .input(z.object({ shipmentId: ZIdSchema }))
    .output(
      z
        .object({
          method: z.enum(["CODE", "PHOTO", "SIGNATURE"]),
          recipientName: z.string().nullable(),
          deliveredAt: z.date(),
          lat: z.number().nullable(),
          lng: z.number().nullable(),
          photoFileId: z.string().nullable(),
          signatureFileId: z.string().nullable(),
        })
        .nullable(),
    )
    .query(({ ctx, input }) => getProofOfDelivery({ viewer: ctx.session.user, shipmentId: input.shipmentId })),
});
