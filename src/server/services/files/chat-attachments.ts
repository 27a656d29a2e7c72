// Attachments in a shipment's chat: a photo, a PDF or a short video, uploaded by one of the shipment's parties while
// the chat is open, then sent as a message (chat/send-message.ts attaches it). They are read by the shipment's
// parties only (shipment-files.ts: fileDownloadUrl). A video's length and poster frame are measured in the sender's
// browser (no ffmpeg installs here); the server bounds both: the video by the size cap and its container's magic
// bytes, its length by the container's own figure where it has one (video-duration.ts), the poster by re-encoding it.
import type { UTApi } from "uploadthing/server";
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/lib/app-error";
import { CHAT_VIDEO_MAX_S, chatSizeCap, PERSONAL_UPLOAD_RULES } from "~/lib/upload-rules";
import { db } from "~/server/db";
import { closedMessage } from "~/server/services/chat/conversation";
import { accessFor, notFound, type TViewer } from "~/server/services/shipments/access";
import { fileColumns, recordCheckedUpload } from "./check-upload";
import type { TRecordResult, TUploadedFile } from "./check-upload";
import { videoDurationMs } from "./video-duration";

type TDb = Prisma.TransactionClient | typeof db;

const CLOSED = ["DRAFT", "COMPLETED", "CANCELLED"];

/**
 * Checks that `viewer` may attach a file to the chat of `shipmentId`: its shipper, its assigned driver or an admin,
 * while the chat takes messages.
 *
 * @throws AppError NOT_FOUND (no such shipment, or not a party); PRECONDITION_FAILED (draft or closed shipment).
 */
export async function authorizeChatAttachment(
  opts: { viewer: TViewer; shipmentId: string },
  tx: TDb = db,
): Promise<void> {
  const s = await tx.shipment.findUnique({
    where: { id: opts.shipmentId },
    select: { shipperId: true, driverId: true, status: true },
  });
  if (!s) throw notFound();
  const access = accessFor(opts.viewer, s);
  if (access !== "owner" && access !== "assigned-driver" && access !== "admin") throw notFound();
  if (CLOSED.includes(s.status)) throw new AppError("PRECONDITION_FAILED", closedMessage(s.status));
}

/**
 * Checks and records a chat attachment (File kind CHAT_ATTACHMENT on shipment `shipmentId`, not yet in a message;
 * photos cleaned). A video's `durationMs` is the container's own (MP4/MOV `mvhd`, WebM Segment Info) when it has one,
 * else the browser's `claimedDurationMs`; longer than CHAT_VIDEO_MAX_S is refused. The sizes are capped per type (CHAT_SIZE_CAP).
 */
export function recordChatAttachment(opts: {
  utapi: UTApi;
  viewer: TViewer;
  shipmentId: string;
  claimedDurationMs?: number;
  file: TUploadedFile;
}): Promise<TRecordResult> {
  return recordCheckedUpload({
    utapi: opts.utapi,
    file: opts.file,
    sniffed: PERSONAL_UPLOAD_RULES.chatAttachment.sniffed,
    maxBytes: chatSizeCap,
    images: "photo",
    write: async (tx, upload) => {
      await authorizeChatAttachment({ viewer: opts.viewer, shipmentId: opts.shipmentId }, tx);
      let durationMs: number | null = null;
      if (upload.mimeType.startsWith("video/")) {
        const own = await videoDurationMs(upload.bytes, upload.mimeType);
        durationMs = own ?? opts.claimedDurationMs ?? null;
        if (durationMs !== null && durationMs > CHAT_VIDEO_MAX_S * 1000) {
          throw new AppError(
            "BAD_REQUEST",
            `"${upload.name}" is ${Math.round(durationMs / 1000)} s long; send videos of at most ${CHAT_VIDEO_MAX_S / 60} minutes.`,
          );
        }
      }
      return tx.file.create({
        data: {
          ...fileColumns(upload),
          ownerId: opts.viewer.id,
          shipmentId: opts.shipmentId,
          kind: "CHAT_ATTACHMENT",
          route: "chatAttachment",
          durationMs,
        },
        select: { id: true },
      });
    },
  });
}

/** The video `fileId` if `viewer` sent it and it has no poster yet; else NOT_FOUND or CONFLICT. */
async function posterTarget(tx: TDb, viewer: TViewer, fileId: string) {
  const f = await tx.file.findUnique({
    where: { id: fileId },
    select: { id: true, ownerId: true, kind: true, mimeType: true, thumbnailKey: true },
  });
  if (!f || f.ownerId !== viewer.id || f.kind !== "CHAT_ATTACHMENT" || !f.mimeType.startsWith("video/")) {
    throw new AppError("NOT_FOUND", "Video not found.");
  }
  return f;
}

/**
 * Checks that `viewer` may give video `fileId` its poster frame: they sent it and it has none yet.
 *
 * @throws AppError NOT_FOUND (no such video of theirs); CONFLICT (it has a poster already).
 */
export async function authorizeChatPoster(opts: { viewer: TViewer; fileId: string }): Promise<void> {
  const f = await posterTarget(db, opts.viewer, opts.fileId);
  if (f.thumbnailKey) throw new AppError("CONFLICT", "This video has its poster already.");
}

/**
 * Stores `file` (an image drawn by the sender's browser from the video) re-encoded as the poster of video `fileId`:
 * its `thumbnailKey`, served by `/api/files/<id>?size=thumbnail` to the same readers as the video. Returns the
 * video's id. A repeated callback finds the poster set and answers the same.
 */
export async function recordChatPoster(opts: {
  utapi: UTApi;
  viewer: TViewer;
  fileId: string;
  file: TUploadedFile;
}): Promise<TRecordResult> {
  const rule = PERSONAL_UPLOAD_RULES.chatVideoPoster;
  const current = await posterTarget(db, opts.viewer, opts.fileId).catch(() => null);
  if (current?.thumbnailKey) return { ok: true, fileId: current.id };
  return recordCheckedUpload({
    utapi: opts.utapi,
    file: opts.file,
    sniffed: rule.sniffed,
    maxBytes: () => rule.maxFileSizeBytes,
    images: "poster",
    write: async (tx, upload) => {
      await posterTarget(tx, opts.viewer, opts.fileId);
      const { count } = await tx.file.updateMany({
        where: { id: opts.fileId, thumbnailKey: null },
        data: { thumbnailKey: upload.key },
      });
      if (count === 0) throw new AppError("CONFLICT", "This video has its poster already.");
      return { id: opts.fileId };
    },
  });
}
