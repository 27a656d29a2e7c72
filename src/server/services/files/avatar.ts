// Profile pictures: any signed-in person sets their own. The upload is stored as a 256 px square WebP with no
// metadata (clean-image.ts: squareAvatar), and replacing or removing it deletes the previous file's row and stored
// object through UTApi, so no picture is left behind in storage.
import type { UTApi } from "uploadthing/server";
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/lib/app-error";
import { PERSONAL_UPLOAD_RULES } from "~/lib/upload-rules";
import { db } from "~/server/db";
import type { TViewer } from "~/server/services/shipments/access";
import { fileColumns, recordCheckedUpload } from "./check-upload";
import type { TRecordResult, TUploadedFile } from "./check-upload";

const rule = PERSONAL_UPLOAD_RULES.avatar;

/** Unlinks and deletes the user's current avatar row inside `tx`; returns its stored keys for deletion after commit. */
async function dropCurrent(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { avatarFile: { select: { id: true, key: true, thumbnailKey: true } } },
  });
  const old = user?.avatarFile;
  if (!old) return [];
  await tx.user.update({ where: { id: userId }, data: { avatarFileId: null } });
  await tx.file.delete({ where: { id: old.id } });
  return [old.key, ...(old.thumbnailKey ? [old.thumbnailKey] : [])];
}

/**
 * Checks `viewer`'s uploaded picture `file` and makes it their avatar (File kind AVATAR on no shipment), in one
 * transaction that also deletes the previous avatar's row; its stored object is deleted after the commit.
 */
export async function recordAvatar(opts: {
  utapi: UTApi;
  viewer: TViewer;
  file: TUploadedFile;
}): Promise<TRecordResult> {
  let replaced: string[] = [];
  return recordCheckedUpload({
    utapi: opts.utapi,
    file: opts.file,
    sniffed: rule.sniffed,
    maxBytes: () => rule.maxFileSizeBytes,
    images: "avatar",
    write: async (tx, upload) => {
      const me = await tx.user.findUnique({ where: { id: opts.viewer.id }, select: { disabledAt: true } });
      if (!me || me.disabledAt) throw new AppError("FORBIDDEN", "Sign in to change your picture.");
      replaced = await dropCurrent(tx, opts.viewer.id);
      const row = await tx.file.create({
        data: { ...fileColumns(upload), ownerId: opts.viewer.id, kind: "AVATAR", route: "avatar" },
        select: { id: true },
      });
      await tx.user.update({ where: { id: opts.viewer.id }, data: { avatarFileId: row.id } });
      return row;
    },
    after: async () => {
      if (replaced.length > 0) await opts.utapi.deleteFiles(replaced);
    },
  });
}

/**
 * Removes `viewer`'s avatar: the row, then its stored object. Returns whether there was one.
 *
 * @throws AppError NOT_CONFIGURED when uploads are not configured (`utapi` null): nothing is removed.
 */
export async function removeAvatar(opts: { utapi: UTApi | null; viewer: TViewer }): Promise<{ removed: boolean }> {
  if (!opts.utapi) throw new AppError("NOT_CONFIGURED", "File storage is not configured on this server.");
  const keys = await db.$transaction((tx) => dropCurrent(tx, opts.viewer.id));
  if (keys.length > 0) await opts.utapi.deleteFiles(keys);
  return { removed: keys.length > 0 };
}
