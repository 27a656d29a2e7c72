// Removing files: one file by its uploader or an admin (the row and its stored objects together), and the sweep of
// uploads never attached (src: issue 12 §1, "no orphaned objects left behind"). Storage is deleted through UTApi
// after the row; should that call fail, the objects are left without a row and the next sweep removes them.
import type { UTApi } from "uploadthing/server";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { notFound, type TViewer } from "~/server/services/shipments/access";
import { mayReadFile } from "./shipment-files";

/** Uploads not attached after this long (ms) are swept: 24 hours. */
export const ORPHAN_AFTER_MS = 24 * 3600_000;

/**
 * Deletes file `fileId` for `viewer`: its row (in a transaction that re-reads it) and then its stored object and
 * thumbnail through `utapi`.
 *
 * @throws AppError NOT_FOUND when it does not exist or `viewer` may not even read it (mayReadFile: not a party of
 *   its shipment, or a driver assigned after an earlier driver's chat attachment; nor its uploader, nor an admin); FORBIDDEN when a party who did not upload it tries (only the uploader or an
 *   admin may); CONFLICT for a proof-of-delivery photo or signature of a delivered shipment, or a file sent in a
 *   chat message (never deletable);
 *   NOT_CONFIGURED when `utapi` is null.
 */
export async function deleteFile(opts: {
  viewer: TViewer;
  fileId: string;
  /** Null when uploads are not configured: refused (NOT_CONFIGURED) after the checks, nothing deleted. */
  utapi: UTApi | null;
}): Promise<{ id: string }> {
  const keys = await db.$transaction(async (tx) => {
    const f = await tx.file.findUnique({
      where: { id: opts.fileId },
      select: {
        id: true,
        key: true,
        thumbnailKey: true,
        kind: true,
        ownerId: true,
        createdAt: true,
        podPhotoOf: { select: { id: true } },
        signatureOf: { select: { id: true } },
        message: { select: { id: true, createdAt: true } },
        shipment: { select: { shipperId: true, driverId: true, status: true, assignedAt: true } },
      },
    });
    if (!f) throw notFound();
    const isAdmin = opts.viewer.role === "ADMIN";
    const mine = f.ownerId === opts.viewer.id;
    // Who may not read it is not told it exists (a driver assigned later, for an earlier driver's attachment).
    const sees = isAdmin || mine || (f.shipment ? mayReadFile(opts.viewer, f) : false);
    if (!sees) throw notFound();
    if (!mine && !isAdmin) {
      throw new AppError("FORBIDDEN", "Only the person who uploaded this file or an admin can delete it.");
    }
    const isProof = f.kind === "POD_PHOTO" || f.kind === "SIGNATURE";
    const delivered = f.shipment && ["DELIVERED", "COMPLETED"].includes(f.shipment.status);
    if (f.podPhotoOf || f.signatureOf || (isProof && delivered)) {
      throw new AppError("CONFLICT", "Proof of delivery is kept for good: it cannot be deleted.");
    }
    // Sent in the chat, it is part of the conversation's record (a bill of lading, a damage photo): the other party
    // must not lose it (breaker pass: the sender deleted one through the API and left an empty bubble).
    if (f.message) {
      throw new AppError("CONFLICT", "A file sent in the chat stays with its message: it cannot be deleted.");
    }
    if (!opts.utapi) throw new AppError("NOT_CONFIGURED", "File storage is not configured on this server.");
    await tx.file.delete({ where: { id: f.id } });
    return [f.key, ...(f.thumbnailKey ? [f.thumbnailKey] : [])];
  });
  await opts.utapi!.deleteFiles(keys);
  return { id: opts.fileId };
}

/**
 * The sweep of uploads never attached, older than ORPHAN_AFTER_MS before `now`:
 * - proof-of-delivery photos and signatures that no delivery used (a try that was never completed), and chat
 *   attachments never sent in a message: row and objects;
 * - stored objects that no File row names (a callback that failed, a delete whose storage call failed), listed
 *   through UTApi.listFiles page by page.
 * Idempotent: a second run finds nothing. Returns how many rows and objects it deleted.
 */
export async function sweepOrphanUploads(opts: { utapi: UTApi; now?: Date }): Promise<{
  rows: number;
  objects: number;
}> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - ORPHAN_AFTER_MS);
  const unused = await db.file.findMany({
    where: {
      createdAt: { lt: cutoff },
      OR: [
        { kind: { in: ["POD_PHOTO", "SIGNATURE"] }, podPhotoOf: null, signatureOf: null },
        { kind: "CHAT_ATTACHMENT", message: null },
      ],
    },
    select: { id: true, key: true, thumbnailKey: true },
    take: 500,
  });
  let rows = 0;
  if (unused.length > 0) {
    // Re-checked in the delete: a file used by a delivery meanwhile stays.
    const { count } = await db.file.deleteMany({
      where: { id: { in: unused.map((f) => f.id) }, podPhotoOf: null, signatureOf: null, message: null },
    });
    rows = count;
    const left = new Set(
      (await db.file.findMany({ where: { id: { in: unused.map((f) => f.id) } }, select: { id: true } })).map(
        (f) => f.id,
      ),
    );
    const keys = unused
      .filter((f) => !left.has(f.id))
      .flatMap((f) => [f.key, ...(f.thumbnailKey ? [f.thumbnailKey] : [])]);
    if (keys.length > 0) await opts.utapi.deleteFiles(keys);
  }

  const stray: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await opts.utapi.listFiles({ limit: 500, offset });
    const old = page.files.filter((f) => f.uploadedAt < cutoff.getTime());
    if (old.length > 0) {
      const keys = old.map((f) => f.key);
      const named = await db.file.findMany({
        where: { OR: [{ key: { in: keys } }, { thumbnailKey: { in: keys } }, { sourceKey: { in: keys } }] },
        select: { key: true, thumbnailKey: true, sourceKey: true },
      });
      const known = new Set(named.flatMap((f) => [f.key, f.thumbnailKey, f.sourceKey]));
      // A source key whose clean copy is recorded is the metadata-bearing original: it goes too.
      const originals = new Set(named.map((f) => (f.sourceKey && f.sourceKey !== f.key ? f.sourceKey : null)));
      stray.push(...keys.filter((k) => !known.has(k) || originals.has(k)));
    }
    if (!page.hasMore) break;
  }
  if (stray.length > 0) await opts.utapi.deleteFiles(stray);
  return { rows, objects: stray.length };
}
