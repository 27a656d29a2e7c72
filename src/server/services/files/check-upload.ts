// The checks every upload goes through before a File row names it, for the routes whose object is a person or a
// conversation (driver papers, avatars, chat attachments; the shipment routes use record-upload.ts): the stored bytes
// are read back, measured, typed by their magic numbers (`file-type`) and, for images, cleaned (clean-image.ts). The
// row is then written by the caller's function inside one transaction that re-checks its right to the object. A
// refused upload is deleted from storage; so are the copies made for a row that was not written.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { UTFile, type UTApi } from "uploadthing/server";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { isAppError } from "~/lib/app-error";
import { formatBytes } from "~/lib/upload-rules";
import { db as appDb } from "~/server/db";
import { AVATAR_PX, cleanImage, posterFrame, squareAvatar, UnreadableImageError } from "./clean-image";
import { asIsMismatch, FRIENDLY } from "./as-is-type";

/** A stored upload as UploadThing reports it (size in bytes). */
/** An uploaded object as UploadThing reports it; `type` is the uploader's claimed MIME type (stored with the object). */
export type TUploadedFile = { key: string; name: string; size: number; ufsUrl: string; type?: string };

/** The verdict on an upload: its File row, or why it was refused (the upload then deleted from storage). */
export type TRecordResult = { ok: true; fileId: string } | { ok: false; message: string };

/** What the row will name once the checks passed (sizes in bytes, SHA-256 hex of the stored bytes). */
export type TCheckedUpload = {
  key: string;
  url: string;
  name: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  bytes: Uint8Array;
  /** The key the upload arrived under, when `key` is a cleaned copy (the arrival is deleted once the row is in). */
  sourceKey: string | null;
  thumbnailKey: string | null;
  width: number | null;
  height: number | null;
  capturedAt: Date | null;
  captureLat: number | null;
  captureLng: number | null;
};

export type TCheckOptions = {
  utapi: UTApi;
  file: TUploadedFile;
  /** Types the bytes must be, by their magic numbers. */
  sniffed: readonly string[];
  /** The size cap in bytes for bytes of type `mime`. */
  maxBytes: (mime: string) => number;
  /**
   * "photo": cleaned and kept at full size with a thumbnail (cleanImage); "avatar": a square WebP (squareAvatar);
   * "poster": a bounded WebP (posterFrame). PDFs and videos are stored as they came.
   */
  images: "photo" | "avatar" | "poster";
};

/**
 * The checks of an upload route whose limit is one size for every type, with photos cleaned and kept at full size
 * (sizes in bytes): what most routes pass to recordCheckedUpload.
 */
export function photoRouteChecks(rule: {
  sniffed: readonly string[];
  maxFileSizeBytes: number;
}): Pick<TCheckOptions, "sniffed" | "maxBytes" | "images"> {
  return { sniffed: rule.sniffed, maxBytes: () => rule.maxFileSizeBytes, images: "photo" };
}

/**
 * Checks the stored upload and writes its row with `write` (given the transaction and the checked upload; it
 * throws AppError to refuse, e.g. when the uploader lost the right meanwhile). Idempotent per upload key: a repeated
 * callback returns the row already written. Returns `{ ok: false, message }` (the upload deleted) for bytes of a type
 * not in `sniffed`, over the cap, differing from the announced size, an undecodable image, or a refusal by `write`.
 *
 * @throws Error when storage cannot be read or written (the upload then fails and the uploader retries).
 */
export async function recordCheckedUpload(
  opts: TCheckOptions & {
    write: (tx: Prisma.TransactionClient, upload: TCheckedUpload) => Promise<{ id: string }>;
    /** Runs after the commit (e.g. deleting the file this one replaced); its failure leaves the row in place. */
    after?: (rowId: string) => Promise<void>;
    /** The database (the app's by default; the demo seed passes its own). */
    client?: PrismaClient;
  },
): Promise<TRecordResult> {
  const { utapi, file } = opts;
  const db = opts.client ?? appDb;
  const known = { OR: [{ key: file.key }, { sourceKey: file.key }] };
  const existing = await db.file.findFirst({ where: known, select: { id: true } });
  if (existing) return { ok: true, fileId: existing.id };

  const checked = await checkUpload(opts);
  if (!checked.ok) return checked;
  const upload = checked.upload;
  const copies = upload.sourceKey ? [upload.key, ...(upload.thumbnailKey ? [upload.thumbnailKey] : [])] : [];
  let row: { id: string };
  try {
    row = await db.$transaction((tx) => opts.write(tx, upload));
  } catch (error) {
    if (copies.length > 0) await utapi.deleteFiles(copies);
    if ((error as { code?: string }).code === "P2002") {
      const again = await db.file.findFirst({ where: known, select: { id: true } });
      if (again) return { ok: true, fileId: again.id };
    }
    if (isAppError(error)) {
      await utapi.deleteFiles(file.key);
      return { ok: false, message: error.message };
    }
    throw error;
  }
  // The row is in: storage clean-up that fails now leaves objects no row names, which the orphan sweep removes.
  await Promise.all([upload.sourceKey ? utapi.deleteFiles(upload.sourceKey) : null, opts.after?.(row.id)]).catch(
    () => undefined,
  );
  return { ok: true, fileId: row.id };
}

async function checkUpload(
  opts: TCheckOptions,
): Promise<{ ok: true; upload: TCheckedUpload } | { ok: false; message: string }> {
  const { utapi, file } = opts;
  const refuse = async (message: string) => {
    await utapi.deleteFiles(file.key);
    return { ok: false as const, message };
  };
  const { ufsUrl } = await utapi.generateSignedURL(file.key, { expiresIn: 60 });
  const res = await fetch(ufsUrl);
  if (!res.ok) throw new Error(`UploadThing: reading back ${file.key} failed with HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength !== file.size) return refuse(`"${file.name}" arrived incomplete. Please try again.`);
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed || !opts.sniffed.includes(sniffed.mime)) {
    const allowed = [...new Set(opts.sniffed.map((t) => FRIENDLY[t] ?? t))].join(", ");
    return refuse(`"${file.name}" is not a ${allowed} file (judged by its contents, not its name).`);
  }
  const cap = opts.maxBytes(sniffed.mime);
  if (bytes.byteLength > cap) return refuse(`"${file.name}" is larger than ${formatBytes(cap)}.`);
  const mismatch = asIsMismatch(file, sniffed.mime);
  if (mismatch) return refuse(mismatch);

  const name = file.name.slice(0, 255);
  const plain: TCheckedUpload = {
    key: file.key,
    url: file.ufsUrl,
    name,
    mimeType: sniffed.mime,
    sizeBytes: bytes.byteLength,
    sha256: sha256(bytes),
    bytes,
    sourceKey: null,
    thumbnailKey: null,
    width: null,
    height: null,
    capturedAt: null,
    captureLat: null,
    captureLng: null,
  };
  if (!sniffed.mime.startsWith("image/")) return { ok: true, upload: plain };

  let clean: { bytes: Uint8Array; mimeType: string; thumbnail: Uint8Array | null; width: number; height: number };
  let capture = {
    capturedAt: null as Date | null,
    captureLat: null as number | null,
    captureLng: null as number | null,
  };
  try {
    if (opts.images === "avatar") {
      const square = await squareAvatar(bytes);
      clean = { bytes: square, mimeType: "image/webp", thumbnail: null, width: AVATAR_PX, height: AVATAR_PX };
    } else if (opts.images === "poster") {
      clean = { ...(await posterFrame(bytes)), mimeType: "image/webp", thumbnail: null };
    } else {
      const c = await cleanImage(bytes, sniffed.mime);
      clean = c;
      capture = { capturedAt: c.capturedAt, captureLat: c.captureLat, captureLng: c.captureLng };
    }
  } catch (error) {
    if (!(error instanceof UnreadableImageError)) throw error;
    return refuse(`"${file.name}" could not be read as an image. Use a JPEG, PNG or WebP photo.`);
  }
  const parts = [new UTFile([new Uint8Array(clean.bytes)], name, { type: clean.mimeType })];
  if (clean.thumbnail) {
    parts.push(new UTFile([new Uint8Array(clean.thumbnail)], `thumbnail-${name}.webp`, { type: "image/webp" }));
  }
  const uploaded = await utapi.uploadFiles(parts, { acl: "private", contentDisposition: "attachment" });
  const keys = uploaded.flatMap((u) => (u.data ? [u.data.key] : []));
  if (keys.length !== parts.length) {
    if (keys.length > 0) await utapi.deleteFiles(keys);
    throw new Error(`UploadThing: storing the cleaned copy of ${file.key} failed`);
  }
  const main = uploaded[0]!.data!;
  return {
    ok: true,
    upload: {
      ...plain,
      key: main.key,
      url: main.ufsUrl,
      mimeType: clean.mimeType,
      sizeBytes: clean.bytes.byteLength,
      sha256: sha256(clean.bytes),
      bytes: new Uint8Array(clean.bytes),
      sourceKey: file.key,
      thumbnailKey: uploaded[1]?.data?.key ?? null,
      width: clean.width,
      height: clean.height,
      ...capture,
    },
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The File columns a checked upload fills (owner, object and kind are the caller's). */
export function fileColumns(upload: TCheckedUpload) {
  return {
    key: upload.key,
    url: upload.url,
    name: upload.name,
    mimeType: upload.mimeType,
    sizeBytes: upload.sizeBytes,
    sha256: upload.sha256,
    sourceKey: upload.sourceKey,
    thumbnailKey: upload.thumbnailKey,
    width: upload.width,
    height: upload.height,
    capturedAt: upload.capturedAt,
    captureLat: upload.captureLat,
    captureLng: upload.captureLng,
  };
}
