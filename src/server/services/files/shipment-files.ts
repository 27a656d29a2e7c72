// Reading a shipment's files: the list and a short-lived download link, for the shipment's parties only (its
// shipper, its assigned driver, admins). Everybody else, including a driver browsing the open load, gets NOT_FOUND.
import type { UTApi } from "uploadthing/server";
import { db } from "~/server/db";
import { accessFor, notFound, type TViewer } from "~/server/services/shipments/access";

/** Download links live this long (seconds): long enough to start the download, too short to pass around. */
export const DOWNLOAD_URL_TTL_S = 60;

const isParty = (a: string) => a === "owner" || a === "assigned-driver" || a === "admin";

/**
 * The files of shipment `shipmentId`, newest first: id, name, kind, sniffed mime type, size in bytes, upload time
 * (UTC instant), pixel width/height (images; null otherwise; a thumbnail then exists), uploader's name and role, and
 * whether `viewer` may delete it (`canDelete`, see deleteFile). Delivery photos and signatures only when they are
 * in the shipment's proof of delivery (those of refused attempts are left out).
 *
 * @throws AppError NOT_FOUND when the shipment does not exist or `viewer` is not one of its parties.
 */
export async function listShipmentFiles(opts: { viewer: TViewer; shipmentId: string }) {
  const s = await db.shipment.findUnique({
    where: { id: opts.shipmentId },
    select: { shipperId: true, driverId: true, status: true },
  });
  if (!s || !isParty(accessFor(opts.viewer, s))) throw notFound();
  const rows = await db.file.findMany({
    // Chat attachments are shown in the chat, with the message they were sent in. A delivery photo or signature
    // that is in no proof of delivery belongs to an attempt the server refused (a wrong code, a missing part) or to
    // one still on its way: it is not proof, so it is not listed beside the proof (the orphan sweep deletes it
    // after ORPHAN_AFTER_MS).
    where: {
      shipmentId: opts.shipmentId,
      kind: { not: "CHAT_ATTACHMENT" },
      OR: [
        { kind: { notIn: ["POD_PHOTO", "SIGNATURE"] } },
        { podPhotoOf: { isNot: null } },
        { signatureOf: { isNot: null } },
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      kind: true,
      mimeType: true,
      sizeBytes: true,
      createdAt: true,
      width: true,
      height: true,
      ownerId: true,
      podPhotoOf: { select: { id: true } },
      signatureOf: { select: { id: true } },
      owner: { select: { name: true, role: true } },
    },
  });
  const delivered = s.status === "DELIVERED" || s.status === "COMPLETED";
  return rows.map(({ ownerId, podPhotoOf, signatureOf, ...f }) => ({
    ...f,
    // As deleteFile decides: the uploader or an admin, never proof of delivery once delivered.
    canDelete:
      (ownerId === opts.viewer.id || opts.viewer.role === "ADMIN") &&
      !podPhotoOf &&
      !signatureOf &&
      !(delivered && (f.kind === "POD_PHOTO" || f.kind === "SIGNATURE")),
  }));
}

/** What of a File row mayReadFile needs: its owner and kind, when it was sent, and its shipment's parties. */
export type TReadableFile = {
  ownerId: string;
  kind: string;
  createdAt: Date;
  message: { createdAt: Date } | null;
  shipment: { shipperId: string; driverId: string | null; status: string; assignedAt: Date | null } | null;
};

/**
 * Whether `viewer` may read file `f`: a shipment's file by its shipper, its assigned driver and admins, except a
 * chat attachment sent before the current driver was assigned (a driver assigned later does not see earlier
 * attachments, issue 12's route table), unless they sent it; a file of no shipment by its owner and admins, and an
 * avatar by anyone signed in. The one rule for reading, and for who may even learn that a file exists.
 */
export function mayReadFile(viewer: TViewer, f: TReadableFile): boolean {
  const access = f.shipment ? accessFor(viewer, f.shipment) : null;
  const sentAt = f.message?.createdAt ?? f.createdAt;
  const beforeDriver =
    f.kind === "CHAT_ATTACHMENT" &&
    access === "assigned-driver" &&
    f.ownerId !== viewer.id &&
    !!f.shipment?.assignedAt &&
    sentAt < f.shipment.assignedAt;
  return access
    ? isParty(access) && !beforeDriver
    : f.kind === "AVATAR" || f.ownerId === viewer.id || viewer.role === "ADMIN";
}

/**
 * A signed URL (valid DOWNLOAD_URL_TTL_S seconds) for file `fileId`, if `viewer` may read it: a party of its
 * shipment (a chat attachment: not for a driver assigned after it was sent, as chat/conversation.ts visibleFrom),
 * an avatar anyone signed in, any other file on no shipment (driver documents) its uploader or an admin.
 * `variant: "thumbnail"` signs the image's thumbnail (WebP, at most 320 px) or a video's poster frame, or the file
 * itself when it has none.
 *
 * @throws AppError NOT_FOUND otherwise (the same answer as for a file that does not exist).
 */
export async function fileDownloadUrl(opts: {
  viewer: TViewer;
  fileId: string;
  utapi: UTApi;
  variant?: "original" | "thumbnail";
}): Promise<string> {
  const f = await db.file.findUnique({
    where: { id: opts.fileId },
    select: {
      key: true,
      thumbnailKey: true,
      ownerId: true,
      kind: true,
      createdAt: true,
      message: { select: { createdAt: true } },
      shipment: { select: { shipperId: true, driverId: true, status: true, assignedAt: true } },
    },
  });
  if (!f) throw notFound();
  const allowed = mayReadFile(opts.viewer, f);
  if (!allowed) throw notFound();
  const key = opts.variant === "thumbnail" ? (f.thumbnailKey ?? f.key) : f.key;
  const { ufsUrl } = await opts.utapi.generateSignedURL(key, { expiresIn: DOWNLOAD_URL_TTL_S });
  return ufsUrl;
}

/**
 * The proof of delivery of shipment `shipmentId` (null before delivery): when (instant), how (`method`, the strongest
 * proof given), the recipient's name, where the driver stood (degrees, or null), the ids of the photo and
 * signature files (read through /api/files/<id>), and when the proof was given on the phone (`capturedAt`, an
 * instant; earlier than `deliveredAt` when it waited offline; null on older rows), and `codeChecked`: whether the
 * recipient's delivery code was required, so it was checked before the delivery was accepted.
 *
 * @throws AppError NOT_FOUND unless `viewer` is the shipment's shipper, its assigned driver or an admin.
 */
export async function getProofOfDelivery(opts: { viewer: TViewer; shipmentId: string }) {
  const s = await db.shipment.findUnique({
    where: { id: opts.shipmentId },
    select: {
      shipperId: true,
      driverId: true,
      status: true,
      podRequires: true,
      proofOfDelivery: {
        select: {
          method: true,
          recipientName: true,
          deliveredAt: true,
          lat: true,
          lng: true,
          photoFileId: true,
          signatureFileId: true,
          capturedAt: true,
        },
      },
    },
  });
  if (!s || !isParty(accessFor(opts.viewer, s))) throw notFound();
  if (!s.proofOfDelivery) return null;
  return {
    ...s.proofOfDelivery,
    codeChecked: s.podRequires.includes("CODE") || s.proofOfDelivery.method === "CODE",
  };
}
