import { z } from "zod";

import { FileKind } from "~/generated/prisma/enums";
import { ZIdSchema } from "~/lib/schemas/primitives";
import { driverDocumentKinds } from "~/lib/schemas/uploads";
import { createTRPCRouter, protectedProcedure, roleProcedure } from "~/server/api/trpc";
import { uploadThingConfigFromEnv, utapiFor } from "~/server/integrations/uploadthing/config";
import { removeAvatar } from "~/server/services/files/avatar";
import { deleteFile } from "~/server/services/files/delete-files";
import { listDriverDocuments } from "~/server/services/files/driver-documents";
import { getProofOfDelivery, listShipmentFiles } from "~/server/services/files/shipment-files";

export const ZShipmentFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(FileKind),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.date(),
  /** Pixels, for images (which then have a thumbnail at `/api/files/<id>?size=thumbnail`); null otherwise. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  owner: z.object({ name: z.string(), role: z.enum(["SHIPPER", "DRIVER", "ADMIN"]) }),
  /** The caller may delete it (`files.delete`): its uploader or an admin, never delivered proof. */
  canDelete: z.boolean(),
});

export const ZDriverDocumentSchema = z.object({
  id: z.string(),
  kind: z.enum(driverDocumentKinds),
  name: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.date(),
  /** The last day it is valid, "YYYY-MM-DD". */
  expiresOn: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  current: z.boolean(),
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
   * signature are file ids for `/api/files/<id>`, `lat`/`lng` degrees, `codeChecked` whether the code was checked. Errors: NOT_FOUND unless a party.
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
          capturedAt: z.date().nullable(),
          /** Whether the recipient's code was required, so checked before the delivery was accepted. */
          codeChecked: z.boolean(),
        })
        .nullable(),
    )
    .query(({ ctx, input }) => getProofOfDelivery({ viewer: ctx.session.user, shipmentId: input.shipmentId })),

  /**
   * Deletes file `fileId`: its row and its stored objects (UTApi), see deleteFile. Returns `{ id }`. Errors:
   * NOT_FOUND (missing or not visible to the caller), FORBIDDEN (a party who did not upload it; only the uploader or
   * an admin may), CONFLICT (proof of delivery, kept for good), NOT_CONFIGURED (uploads are off on this server).
   */
  delete: roleProcedure("SHIPPER", "DRIVER", "ADMIN")
    .input(z.object({ fileId: ZIdSchema }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => {
      const config = uploadThingConfigFromEnv();
      return deleteFile({ viewer: ctx.session.user, fileId: input.fileId, utapi: config ? utapiFor(config) : null });
    }),

  /**
   * Driver `driverId`'s licence and insurance documents, newest first, with their expiry dates (see
   * listDriverDocuments); each downloads from `/api/files/<id>`. Errors: NOT_FOUND unless the caller is that
   * driver or an admin.
   */
  driverDocuments: roleProcedure("DRIVER", "ADMIN")
    .input(z.object({ driverId: ZIdSchema }))
    .output(z.array(ZDriverDocumentSchema))
    .query(({ ctx, input }) => listDriverDocuments({ viewer: ctx.session.user, driverId: input.driverId })),

  /**
   * Removes the caller's profile picture: its row and its stored object (see removeAvatar). Returns whether there
   * was one. Errors: NOT_CONFIGURED (uploads are off on this server).
   */
  removeAvatar: protectedProcedure.output(z.object({ removed: z.boolean() })).mutation(({ ctx }) => {
    const config = uploadThingConfigFromEnv();
    return removeAvatar({ viewer: ctx.session.user, utapi: config ? utapiFor(config) : null });
  }),
});
