// After UploadThing has stored a file for a shipment route (documents, cargo photos, proof of delivery), the app
// checks it before anyone can use it: the shared checks of check-upload.ts (bytes read back, typed by their magic
// numbers, images cleaned of camera metadata), then the File row, in a transaction that re-checks the uploader's
// right to the shipment. A file that fails is deleted from storage again, so a renamed executable never stays.
import type { UTApi } from "uploadthing/server";
import { UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";
import type { TViewer } from "~/server/services/shipments/access";
import { authorizeUpload } from "./authorize-upload";
import {
  fileColumns,
  photoRouteChecks,
  recordCheckedUpload,
  type TRecordResult,
  type TUploadedFile,
} from "./check-upload";

export type { TRecordResult, TUploadedFile } from "./check-upload";

/**
 * Checks the stored file `file` uploaded by `viewer` to `route` for `shipmentId` and records it as a File row
 * (owner, shipment, kind, name, size in bytes, sniffed content type, hex SHA-256, route) in one transaction that
 * re-checks the uploader's right to the shipment (authorizeUpload). An image is stored cleaned (cleanImage): size,
 * type and SHA-256 are the clean copy's, with its pixel size, thumbnail and capture time/position; the original
 * object is deleted. Idempotent per file key: a repeated callback returns the same row.
 *
 * Returns `{ ok: false, message }` (and deletes the stored object through `utapi`) when the bytes are not one of the
 * route's types (`UPLOAD_RULES[route].sniffed`), are larger than its limit, differ from the announced size, are an
 * image that cannot be decoded, or when the uploader lost access meanwhile.
 *
 * @throws Error when storage cannot be read or written (the upload then fails, retried by the uploader).
 */
export function recordUpload(opts: {
  utapi: UTApi;
  viewer: TViewer;
  route: TUploadRoute;
  shipmentId: string;
  file: TUploadedFile;
}): Promise<TRecordResult> {
  const { viewer, route, shipmentId } = opts;
  const rule = UPLOAD_RULES[route];
  return recordCheckedUpload({
    utapi: opts.utapi,
    file: opts.file,
    ...photoRouteChecks(rule),
    write: async (tx, upload) => {
      await authorizeUpload({ viewer, route, shipmentId }, tx);
      return tx.file.create({
        data: { ...fileColumns(upload), ownerId: viewer.id, shipmentId, kind: rule.kind, route },
        select: { id: true },
      });
    },
  });
}
