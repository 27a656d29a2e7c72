// The proof a driver gives at delivery besides the 6-digit code: a photo of the delivered cargo and the recipient's
// name and signature, each uploaded first through the file router (podPhoto, podSignature) and named here by id.
// Which of them a shipment requires is its `podRequires` (chosen by the shipper in the shipment form; photo +
// signature for a shipment created without a choice, CODE alone on rows from before that default).
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";

export type TDeliveryProofInput = {
  /** The recipient's 6-digit code as typed; only its presence is checked here (lifecycle.ts deliver compares it). */
  code?: string | null;
  photoFileId?: string | null;
  signatureFileId?: string | null;
  recipientName?: string | null;
};

export type TDeliveryProof = {
  /** What the shipment requires (its `podRequires`). */
  requires: ("CODE" | "PHOTO" | "SIGNATURE")[];
  photoFileId: string | null;
  signatureFileId: string | null;
  recipientName: string | null;
};

const MESSAGES = {
  code: "Enter the recipient's 6-digit delivery code.",
  photo: "Take a photo of the delivered cargo.",
  signature: "Ask the recipient to sign.",
  recipientName: "Enter the recipient's name.",
  photoFile: "This photo was not taken for this delivery. Take it again.",
  signatureFile: "This signature was not taken for this delivery. Ask for it again.",
};

/**
 * Checks the proof for delivering shipment `shipmentId` by `driverId` against what the shipment requires, before any
 * code attempt is spent. Each file must be this driver's upload for this shipment, of the right kind, and not already
 * part of a proof. Resolves to the proof to store; null when the shipment is not this driver's (the caller answers
 * NOT_FOUND as for any delivery).
 *
 * @throws AppError BAD_REQUEST with field errors on `code` (required and missing), `photo`, `signature` or
 * `recipientName`.
 */
export async function checkDeliveryProof(opts: {
  driverId: string;
  shipmentId: string;
  proof: TDeliveryProofInput;
}): Promise<TDeliveryProof | null> {
  const s = await db.shipment.findFirst({
    where: { id: opts.shipmentId, driverId: opts.driverId },
    select: { podRequires: true },
  });
  if (!s) return null;
  const proof: TDeliveryProof = {
    requires: s.podRequires,
    photoFileId: opts.proof.photoFileId ?? null,
    signatureFileId: opts.proof.signatureFileId ?? null,
    recipientName: opts.proof.recipientName?.trim() || null,
  };
  const fieldErrors: Record<string, string[]> = {};
  if (s.podRequires.includes("CODE") && !opts.proof.code) fieldErrors.code = [MESSAGES.code];
  if (s.podRequires.includes("PHOTO") && !proof.photoFileId) fieldErrors.photo = [MESSAGES.photo];
  if (s.podRequires.includes("SIGNATURE")) {
    if (!proof.signatureFileId) fieldErrors.signature = [MESSAGES.signature];
    if (!proof.recipientName) fieldErrors.recipientName = [MESSAGES.recipientName];
  }
  const ids = [proof.photoFileId, proof.signatureFileId].filter((x): x is string => !!x);
  const files = await db.file.findMany({
    where: { id: { in: ids } },
    select: { id: true, ownerId: true, shipmentId: true, kind: true, podPhotoOf: true, signatureOf: true },
  });
  const fits = (id: string | null, kind: "POD_PHOTO" | "SIGNATURE") => {
    const f = files.find((x) => x.id === id);
    return (
      !!f &&
      f.ownerId === opts.driverId &&
      f.shipmentId === opts.shipmentId &&
      f.kind === kind &&
      !f.podPhotoOf &&
      !f.signatureOf
    );
  };
  if (proof.photoFileId && !fits(proof.photoFileId, "POD_PHOTO")) fieldErrors.photo = [MESSAGES.photoFile];
  if (proof.signatureFileId && !fits(proof.signatureFileId, "SIGNATURE")) {
    fieldErrors.signature = [MESSAGES.signatureFile];
  }
  const fields = Object.keys(fieldErrors);
  if (fields.length > 0) {
    throw new AppError("BAD_REQUEST", fieldErrors[fields[0]!]![0]!, { fieldErrors });
  }
  return proof;
}
