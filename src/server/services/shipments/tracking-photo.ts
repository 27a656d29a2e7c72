// The delivered cargo's photo for the recipient's public tracking link: the only proof-of-delivery file the link
// reaches (never the signature, never the code), and only when the shipper chose to show it (`podPhotoPublic`).
import type { UTApi } from "uploadthing/server";

import { AppError } from "~/lib/app-error";
import { deliveredStatuses } from "~/lib/shipment-state";
import { db } from "~/server/db";

/** Signed photo URLs for the tracking link live this long (seconds), as the parties' downloads do. */
export const TRACKING_PHOTO_URL_TTL_S = 60;

/**
 * A signed URL (valid TRACKING_PHOTO_URL_TTL_S seconds) for the delivery photo of the shipment behind tracking link
 * `token`: its thumbnail (WebP, at most 320 px) or, with `size: "full"`, the cleaned photo (no camera metadata, see
 * clean-image.ts). The key is read from the proof's photo relation only, so no other file is reachable this way.
 *
 * @throws AppError NOT_FOUND for an unknown or expired link, before delivery, when the shipper keeps the photo
 * private, or when the proof has no photo (one answer for all, so the link tells nothing more).
 */
export async function trackingPhotoUrl(opts: {
  token: string;
  utapi: UTApi;
  size: "thumbnail" | "full";
}): Promise<string> {
  const s = await db.shipment.findUnique({
    where: { trackingToken: opts.token },
    select: {
      status: true,
      trackingTokenExpiresAt: true,
      podPhotoPublic: true,
      proofOfDelivery: { select: { photoFile: { select: { key: true, thumbnailKey: true } } } },
    },
  });
  const photo = s?.proofOfDelivery?.photoFile;
  const live = !!s && (!s.trackingTokenExpiresAt || s.trackingTokenExpiresAt > new Date());
  if (!s || !live || !deliveredStatuses.includes(s.status) || !s.podPhotoPublic || !photo) {
    throw new AppError("NOT_FOUND", "No delivery photo for this link.");
  }
  const key = opts.size === "thumbnail" ? (photo.thumbnailKey ?? photo.key) : photo.key;
  const { ufsUrl } = await opts.utapi.generateSignedURL(key, { expiresIn: TRACKING_PHOTO_URL_TTL_S });
  return ufsUrl;
}
