// After UploadThing has stored a file, the app checks it before anyone can use it: the bytes are fetched back, their
// type is read from their magic numbers (`file-type`), never from the name or the browser's claim, and only then is
// the File row written. A file that fails is deleted from storage again, so a renamed executable never stays.
// Images are cleaned first (clean-image.ts: no camera metadata, upright, measured, a thumbnail): the clean copy and
// its thumbnail are uploaded through UTApi, the row names them, and the upload as it arrived is deleted.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { UTFile, type UTApi } from "uploadthing/server";
import { isAppError } from "~/lib/app-error";
import { formatBytes, UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";
import { db } from "~/server/db";
import type { TViewer } from "~/server/services/shipments/access";
import { authorizeUpload } from "./authorize-upload";
import { cleanImage, UnreadableImageError } from "./clean-image";

export type TUploadedFile = { key: string; name: string; size: number; ufsUrl: string };

export type TRecordResult = { ok: true; fileId: string } | { ok: false; message: string };

const FRIENDLY: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
};

/**
 * Checks the stored file `file` uploaded by `viewer` to `route` for `shipmentId` and records it as a File row
 * (owner, shipment, kind, name, size in bytes, sniffed content type, hex SHA-256, route) in one transaction that
 * re-checks the uploader's right to the shipment. An image is stored cleaned (cleanImage): size, type and SHA-256
 * are the clean copy's, with its pixel size, thumbnail and capture time/position; the original object is deleted.
 * Idempotent per file key: a repeated callback returns the same row.
 *
 * Returns `{ ok: false, message }` (and deletes the stored object through `utapi`) when the bytes are not one of the
 * route's types (`UPLOAD_RULES[route].sniffed`), are larger than its limit, differ from the announced size, are an
 * image that cannot be decoded, or when the uploader lost access meanwhile. Throws only when storage cannot be read (the upload then fails, retried
 * by the uploader).
 */
export async function recordUpload(opts: {
  utapi: UTApi;
  viewer: TViewer;
  route: TUploadRoute;
  shipmentId: string;
  file: TUploadedFile;
}): Promise<TRecordResult> {
  const { utapi, viewer, route, file } = opts;
  const known = { OR: [{ key: file.key }, { sourceKey: file.key }] };
  const existing = await db.file.findFirst({ where: known, select: { id: true } });
  if (existing) return { ok: true, fileId: existing.id };

  const rule = UPLOAD_RULES[route];
  const refuse = async (message: string): Promise<TRecordResult> => {
    await utapi.deleteFiles(file.key);
    return { ok: false, message };
  };

  const { ufsUrl } = await utapi.generateSignedURL(file.key, { expiresIn: 60 });
  const res = await fetch(ufsUrl);
  if (!res.ok) throw new Error(`UploadThing: reading back ${file.key} failed with HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength > rule.maxFileSizeBytes) {
    return refuse(`"${file.name}" is larger than ${formatBytes(rule.maxFileSizeBytes)}.`);
  }
  if (bytes.byteLength !== file.size) return refuse(`"${file.name}" arrived incomplete. Please try again.`);
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed || !rule.sniffed.includes(sniffed.mime)) {
    const allowed = [...new Set(rule.sniffed.map((t) => FRIENDLY[t] ?? t))].join(", ");
    return refuse(`"${file.name}" is not a ${allowed} file (judged by its contents, not its name).`);
  }

  // What the row will name: the upload itself, or for an image its clean copy and thumbnail.
  let stored = {
    key: file.key,
    url: file.ufsUrl,
    bytes,
    mimeType: sniffed.mime,
    image: null as null | Omit<Awaited<ReturnType<typeof cleanImage>>, "bytes" | "mimeType" | "thumbnail">,
    thumbnailKey: null as string | null,
  };
  if (sniffed.mime.startsWith("image/")) {
    let clean;
    try {
      clean = await cleanImage(bytes, sniffed.mime);
    } catch (error) {
      if (!(error instanceof UnreadableImageError)) throw error;
      return refuse(`"${file.name}" could not be read as an image. Use a JPEG, PNG or WebP photo.`);
    }
    const { bytes: cleanBytes, mimeType, thumbnail, ...image } = clean;
    const uploaded = await utapi.uploadFiles(
      [
        new UTFile([new Uint8Array(cleanBytes)], file.name, { type: mimeType }),
        new UTFile([new Uint8Array(thumbnail)], `thumbnail-${file.name}.webp`, { type: "image/webp" }),
      ],
      { acl: "private", contentDisposition: "attachment" },
    );
    const keys = uploaded.flatMap((u) => (u.data ? [u.data.key] : []));
    const main = uploaded[0]?.data;
    const thumb = uploaded[1]?.data;
    if (!main || !thumb) {
      if (keys.length > 0) await utapi.deleteFiles(keys);
      throw new Error(`UploadThing: storing the cleaned copy of ${file.key} failed`);
    }
    stored = {
      key: main.key,
      url: main.ufsUrl,
      bytes: new Uint8Array(cleanBytes),
      mimeType,
      image,
      thumbnailKey: thumb.key,
    };
  }
  const copies = stored.key === file.key ? [] : [stored.key, stored.thumbnailKey!];
  const sha256 = createHash("sha256").update(stored.bytes).digest("hex");

  try {
    const row = await db.$transaction(async (tx) => {
      await authorizeUpload({ viewer, route, shipmentId: opts.shipmentId }, tx);
      return tx.file.create({
        data: {
          ownerId: viewer.id,
          shipmentId: opts.shipmentId,
          kind: rule.kind,
          key: stored.key,
          url: stored.url,
          name: file.name.slice(0, 255),
          mimeType: stored.mimeType,
          sizeBytes: stored.bytes.byteLength,
          sha256,
          route,
          ...(copies.length > 0 ? { sourceKey: file.key, thumbnailKey: stored.thumbnailKey, ...stored.image } : {}),
        },
        select: { id: true },
      });
    });
    // The upload as it arrived (with the camera's metadata) is no longer needed once the clean copy is recorded.
    if (copies.length > 0) await utapi.deleteFiles(file.key);
    return { ok: true, fileId: row.id };
  } catch (error) {
    if (copies.length > 0) await utapi.deleteFiles(copies);
    if ((error as { code?: string }).code === "P2002") {
      const again = await db.file.findFirst({ where: known, select: { id: true } });
      if (again) return { ok: true, fileId: again.id };
    }
    if (isAppError(error)) return refuse(error.message);
    throw error;
  }
}
