// Each upload route's rules, in one place for the file router (src/server/uploads/file-router.ts), the checks after
// upload (src/server/services/files/record-upload.ts) and the UI's hints. Sizes are bytes. `sniffed` lists the
// types the file's own bytes must show (magic bytes, `file-type`), whatever its name or the browser claims.

export type TUploadRoute = "shipmentDocument" | "cargoPhoto" | "podPhoto" | "podSignature";

export type TUploadRule = {
  /** Shown in the UI: what the route is for. */
  label: string;
  kind: "DOCUMENT" | "PHOTO" | "POD_PHOTO" | "SIGNATURE";
  /** Who may upload: the shipment's parties (shipper, assigned driver, admin) or its assigned driver only. */
  uploaders: "parties" | "assigned-driver";
  /** UploadThing's size string (powers of two only), the same limit as `maxFileSizeBytes`. */
  maxFileSize: "1MB" | "8MB";
  maxFileSizeBytes: number;
  maxFileCount: number;
  /** Content types the bytes must be (from their magic numbers). */
  sniffed: readonly string[];
};

const MB = 1024 * 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"] as const;

export const UPLOAD_RULES: Record<TUploadRoute, TUploadRule> = {
  shipmentDocument: {
    label: "Shipment documents (bill of lading, rate confirmation, customs): PDF or photo",
    kind: "DOCUMENT",
    uploaders: "parties",
    maxFileSize: "8MB",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 5,
    sniffed: ["application/pdf", ...PHOTO_TYPES],
  },
  cargoPhoto: {
    label: "Cargo photos",
    kind: "PHOTO",
    uploaders: "parties",
    maxFileSize: "8MB",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 10,
    sniffed: PHOTO_TYPES,
  },
  podPhoto: {
    label: "Proof-of-delivery photo",
    kind: "POD_PHOTO",
    uploaders: "assigned-driver",
    maxFileSize: "8MB",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 1,
    sniffed: PHOTO_TYPES,
  },
  podSignature: {
    label: "Recipient's signature",
    kind: "SIGNATURE",
    uploaders: "assigned-driver",
    maxFileSize: "1MB",
    maxFileSizeBytes: 1 * MB,
    maxFileCount: 1,
    sniffed: ["image/png"],
  },
};

/** "8 MB", "512 KB": a size for people. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
