// The proof-of-delivery receipt's content, for the people who may hold it: the shipment's shipper and admins (not
// the driver, who has the job page, and never the recipient, whose tracking page shows the photo alone). The photo and
// signature bytes are read back from storage through short-lived signed URLs, as every other reader gets them.
import type { UTApi } from "uploadthing/server";

import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { accessFor, type TViewer } from "~/server/services/shipments/access";

export type TReceiptImage = { bytes: Uint8Array; mimeType: string };

export type TDeliveryReceipt = {
  reference: string;
  cargoDescription: string;
  pickup: { address: string; city: string; lat: number; lng: number; timeZone: string | null };
  dropoff: { address: string; city: string; lat: number; lng: number; timeZone: string | null };
  /** Instants (UTC); shown in each stop's zone. */
  pickedUpAt: Date | null;
  deliveredAt: Date;
  /** When the proof was given on the driver's phone (earlier than deliveredAt when it waited offline); null on older rows. */
  capturedAt: Date | null;
  shipperName: string;
  driver: { name: string; plate: string | null } | null;
  /** How it was proven: the strongest proof given (CODE < PHOTO < SIGNATURE), and what the shipper required. */
  method: "CODE" | "PHOTO" | "SIGNATURE";
  requires: ("CODE" | "PHOTO" | "SIGNATURE")[];
  recipientName: string | null;
  /** Where the driver stood at delivery, degrees (WGS 84); null when the phone shared none. */
  position: { lat: number; lng: number } | null;
  photo: TReceiptImage | null;
  signature: TReceiptImage | null;
};

const notFound = () => new AppError("NOT_FOUND", "Proof of delivery not found.");

/** How long the signed URLs used to read the images back live (seconds): only for this server-side read. */
const READ_URL_TTL_S = 60;

async function readImage(utapi: UTApi, key: string): Promise<TReceiptImage> {
  const { ufsUrl } = await utapi.generateSignedURL(key, { expiresIn: READ_URL_TTL_S });
  const res = await fetch(ufsUrl, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`storage answered ${res.status} for ${key}`);
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    mimeType: res.headers.get("content-type") ?? "application/octet-stream",
  };
}

/**
 * The receipt of shipment `shipmentId`'s proof of delivery for `viewer`, with the photo and signature images read
 * from storage through `utapi` (null when uploads are not configured on this server).
 *
 * @throws AppError NOT_FOUND unless `viewer` is the shipment's shipper or an admin, or before delivery (the same
 * answer for a shipment that does not exist); NOT_CONFIGURED when the proof has images and `utapi` is null;
 * INTERNAL when storage cannot give an image back (the receipt is never issued without the images it names).
 */
export async function getDeliveryReceipt(opts: {
  viewer: TViewer;
  shipmentId: string;
  utapi: UTApi | null;
}): Promise<TDeliveryReceipt> {
  const s = await db.shipment.findUnique({
    where: { id: opts.shipmentId },
    select: {
      reference: true,
      status: true,
      shipperId: true,
      driverId: true,
      cargoDescription: true,
      pickupAddress: true,
      pickupCity: true,
      pickupLat: true,
      pickupLng: true,
      pickupTimeZone: true,
      dropoffAddress: true,
      dropoffCity: true,
      dropoffLat: true,
      dropoffLng: true,
      dropoffTimeZone: true,
      pickedUpAt: true,
      podRequires: true,
      shipper: { select: { name: true } },
      driver: { select: { name: true, driverProfile: { select: { plate: true } } } },
      proofOfDelivery: {
        select: {
          method: true,
          recipientName: true,
          deliveredAt: true,
          capturedAt: true,
          lat: true,
          lng: true,
          photoFile: { select: { key: true } },
          signatureFile: { select: { key: true } },
        },
      },
    },
  });
  if (!s) throw notFound();
  const access = accessFor(opts.viewer, s);
  if ((access !== "owner" && access !== "admin") || !s.proofOfDelivery) throw notFound();
  const pod = s.proofOfDelivery;
  const keys = [pod.photoFile?.key, pod.signatureFile?.key];
  if (keys.some(Boolean) && !opts.utapi) {
    throw new AppError("NOT_CONFIGURED", "Files are not configured on this server, so the receipt cannot be made.");
  }
  let photo: TReceiptImage | null = null;
  let signature: TReceiptImage | null = null;
  try {
    if (pod.photoFile) photo = await readImage(opts.utapi!, pod.photoFile.key);
    if (pod.signatureFile) signature = await readImage(opts.utapi!, pod.signatureFile.key);
  } catch (error) {
    throw new AppError("INTERNAL", "The delivery photo or signature could not be read from storage. Try again.", {
      cause: error,
    });
  }
  return {
    reference: s.reference,
    cargoDescription: s.cargoDescription,
    pickup: {
      address: s.pickupAddress,
      city: s.pickupCity,
      lat: s.pickupLat,
      lng: s.pickupLng,
      timeZone: s.pickupTimeZone,
    },
    dropoff: {
      address: s.dropoffAddress,
      city: s.dropoffCity,
      lat: s.dropoffLat,
      lng: s.dropoffLng,
      timeZone: s.dropoffTimeZone,
    },
    pickedUpAt: s.pickedUpAt,
    deliveredAt: pod.deliveredAt,
    capturedAt: pod.capturedAt,
    shipperName: s.shipper.name,
    driver: s.driver ? { name: s.driver.name, plate: s.driver.driverProfile?.plate ?? null } : null,
    method: pod.method,
    requires: s.podRequires,
    recipientName: pod.recipientName,
    position: pod.lat !== null && pod.lng !== null ? { lat: pod.lat, lng: pod.lng } : null,
    photo,
    signature,
  };
}
